import DocsgenCore
import DocsgenRender
import DocsgenReviews

/// The image-size table (before, after, reduction) with a total row computed from exact bytes.
struct SizeSection {
    let images: [ImageSet]

    func write(_ doc: inout DocumentBuilder) {
        doc.heading(2, "Image sizes")
        var table = MarkdownTable(headers: ["Image", "Before", "After", "Reduction", "Size measured"], alignments: [.none, .right, .right, .right, .none])
        var totalBefore: Int64 = 0, totalAfter: Int64 = 0, comparableRows = 0
        var kinds: Set<String> = []
        for image in images {
            guard let current = image.current else { continue }
            // Compare like with like; when the baseline has no size of the current one's kind, show the current alone.
            guard let pick = ComparableSize.pick(image.baseline?.sizes, current.sizes) ?? ComparableSize.pick(nil, current.sizes) else {
                table.append([MarkdownText.code(image.name), "—", "not measured", "—", ""])
                continue
            }
            kinds.insert(pick.key)
            let after = ComparableSize.cite(current, of: image.name, bytes: pick.after, kind: (pick.key, pick.label), &doc)
            var before = "—", reduction = "—"
            if let old = pick.before, let baseline = image.baseline {
                before = ComparableSize.cite(baseline, of: image.name, bytes: old, kind: (pick.key, pick.label), &doc)
                reduction = old > 0 ? Format.percent(1 - Double(pick.after) / Double(old)) : "—"
                totalBefore += old
                totalAfter += pick.after
                comparableRows += 1
            }
            var label = MarkdownText.escape(pick.label)
            if image.baseline != nil, pick.before == nil { label += " (the baseline has no size of this kind)" }
            table.append([MarkdownText.code(image.name), before, after, reduction, label])
        }
        if comparableRows > 1, comparableRows == images.count, kinds.count == 1 {
            table.append(["**Total**", "**\(Format.size(totalBefore))**", "**\(Format.size(totalAfter))**",
                          "**\(Format.percent(1 - Double(totalAfter) / Double(max(1, totalBefore))))**", ""])
        }
        doc.table(table)
        doc.paragraph("Reductions are 1 − after ÷ before on the exact byte counts, so the same two images always give the same percentage.")
        doc.paragraph("![Image size before and after](assets/image-sizes.svg)")
    }

    var chart: BarChart {
        let rows = images.compactMap { image -> BarChart.Row? in
            guard let current = image.current,
                let pick = ComparableSize.pick(image.baseline?.sizes, current.sizes) ?? ComparableSize.pick(nil, current.sizes)
            else { return nil }
            return BarChart.Row(
                label: image.name, values: [pick.before, pick.after],
                captions: [pick.before.map(Format.size) ?? "", Format.size(pick.after)])
        }
        return BarChart(title: "Image size before and after", series: ["before (baseline)", "after (current)"], rows: rows)
    }
}
