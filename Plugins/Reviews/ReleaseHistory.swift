import DocsgenCore
import DocsgenRender

/// Release-over-release image sizes: a table per image, a trend chart of all images, and the one-line
/// "since the last release" summary. The build report and the completion report both show it.
package struct ReleaseHistory {
    package let images: [ImageSet]

    package init(images: [ImageSet]) {
        self.images = images
    }

    /// Images with at least two releases: the ones that have a history to show.
    package var imagesWithHistory: [ImageSet] { images.filter { $0.history.count > 1 } }

    /// A change as `−12.1 MB (−3.3 %)`, from exact bytes.
    package static func changeText(_ step: ReleaseStep) -> String? {
        guard let change = step.change else { return nil }
        var text = Format.sizeChange(change)
        if let ratio = step.changeRatio { text += " (" + Format.sign(of: change) + Format.percent(abs(ratio)) + ")" }
        return text
    }

    private func sizeKey(_ image: ImageSet, _ step: ReleaseStep) -> String {
        "\(image.key).releases.\(FactKey.sanitize(step.release)).size"
    }

    private func citeSize(_ image: ImageSet, _ step: ReleaseStep, _ doc: inout DocumentBuilder) -> String {
        doc.cite(
            key: sizeKey(image, step), label: "\(image.name): size of release \(step.release) (\(step.label))",
            value: Format.size(step.bytes), source: ComparableSize.source(step.measurement, key: step.kind))
    }

    private func citeChange(_ image: ImageSet, _ step: ReleaseStep, _ text: String, _ doc: inout DocumentBuilder) -> String {
        doc.cite(
            key: "\(image.key).releases.\(FactKey.sanitize(step.release)).change",
            label: "\(image.name): change of release \(step.release) from the release before (\(step.label))",
            value: text, source: ComparableSize.source(step.measurement, key: step.kind))
    }

    /// `Since release 0.9.0: backend −12.1 MB (−3.3 %); frontend …`, or `nil` when no image has two releases.
    package func sinceLastRelease(_ doc: inout DocumentBuilder) -> String? {
        var parts: [String] = []
        for image in images {
            let history = image.history
            guard history.count > 1, let last = history.last, let text = Self.changeText(last) else { continue }
            let previous = history[history.count - 2].release
            parts.append("\(MarkdownText.code(image.name)) \(citeChange(image, last, text, &doc)) since \(MarkdownText.code(previous)) (now \(citeSize(image, last, &doc)))")
        }
        guard !parts.isEmpty else { return nil }
        return "**Since the last release**: " + parts.joined(separator: "; ") + "."
    }

    /// Writes one table per image and returns the trend chart as an asset named `chartName`.
    package func write(_ doc: inout DocumentBuilder, chartName: String, headingLevel: Int = 2) -> DocumentAsset? {
        doc.heading(headingLevel, "Release history")
        let shown = imagesWithHistory
        guard !shown.isEmpty else {
            doc.paragraph("Fewer than two releases are recorded per image, so there is no history yet. Record each release with "
                + "`docsgen measure SOURCE --image NAME --release X`.")
            return nil
        }
        doc.paragraph("Sizes per release, ordered by version (`1.9.0` before `1.10.0`). A change is computed only between two sizes of the same kind, from exact bytes.")
        for image in shown {
            var table = MarkdownTable(headers: ["Release (\(image.name))", "Size", "Change", "Size measured"], alignments: [.none, .right, .right, .none])
            for step in image.history {
                let change = Self.changeText(step).map { citeChange(image, step, $0, &doc) } ?? "—"
                table.append([MarkdownText.code(step.release), citeSize(image, step, &doc), change, MarkdownText.escape(step.label)])
            }
            doc.table(table)
        }
        doc.paragraph("![Image size per release](assets/\(chartName))")
        return DocumentAsset(name: chartName, contents: chart.svg)
    }

    /// The trend chart: one line per image over every release any image has.
    package var chart: TrendChart {
        let shown = imagesWithHistory
        var releases: [String] = []
        for image in shown {
            for step in image.history where !releases.contains(step.release) { releases.append(step.release) }
        }
        releases.sort { VersionOrder.key($0) < VersionOrder.key($1) }
        let series = shown.map { image in
            let history = image.history
            let values = releases.map { release in history.first { $0.release == release }?.bytes }
            return TrendChart.Series(name: image.name, values: values, caption: history.last.map { Format.size($0.bytes) } ?? "")
        }
        return TrendChart(title: "Image size per release", releases: releases, series: series, format: Format.size)
    }
}
