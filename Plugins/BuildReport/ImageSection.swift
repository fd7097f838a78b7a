import DocsgenCore
import DocsgenRender
import DocsgenReviews

/// The per-image part of the report: reduction, layers, wasted space, build times, configuration checks.
struct ImageSection {
    let image: ImageSet
    let dockerfile: DockerfileFacts?

    private var key: String { "images.\(FactKey.sanitize(image.name))" }

    private func source(_ measurement: ImageMeasurement, _ pointer: String) -> FactSource {
        FactSource(file: measurement.recordedIn ?? "measurements", pointer: pointer, reader: "docsgen measure")
    }

    func write(_ doc: inout DocumentBuilder) -> DocumentAsset? {
        guard let current = image.current else { return nil }
        doc.heading(2, "Image: \(image.name)")
        var intro = "Measured from " + current.sources.map { "\(MarkdownText.code($0.path)) (\($0.format))" }.joined(separator: ", ")
        if let tag = current.tag { intro += "; tag " + doc.cite(key: "\(key).tag", label: "\(image.name): tag", value: tag, source: source(current, "/tag"), code: true) }
        if let release = current.release { intro += ", release " + MarkdownText.code(release) }
        doc.paragraph(intro + ".")
        reduction(current, &doc)
        let chart = layers(current, &doc)
        wasted(current, &doc)
        builds(current, &doc)
        scan(current, &doc)
        configuration(current, &doc)
        return chart
    }

    private func reduction(_ current: ImageMeasurement, _ doc: inout DocumentBuilder) {
        doc.heading(3, "Size reduction verification")
        guard let baseline = image.baseline else {
            doc.paragraph("No baseline is recorded for \(MarkdownText.code(image.name)); record one with `docsgen measure … --baseline`.")
            return
        }
        guard let pick = ComparableSize.pick(baseline.sizes, current.sizes), let before = pick.before else {
            doc.paragraph("The baseline and the current measurement of \(MarkdownText.code(image.name)) share no size of the same kind "
                + "(for example one was read from `docker image inspect`, the other from an archive), so no reduction is computed. "
                + "Measure both the same way.")
            return
        }
        var table = MarkdownTable(headers: ["", "Bytes", "Size"], alignments: [.none, .right, .right])
        table.append(["Before (baseline)", "\(before)", Format.size(before)])
        table.append(["After", "\(pick.after)", Format.size(pick.after)])
        table.append(["Saved", "\(before - pick.after)", Format.size(before - pick.after)])
        doc.table(table)
        let percent = doc.cite(
            key: "\(key).reduction", label: "\(image.name): size reduction (\(pick.label))",
            value: Format.percent(1 - Double(pick.after) / Double(max(1, before))), source: ComparableSize.source(current, key: pick.key))
        doc.paragraph("Reduction: \(percent) of the \(MarkdownText.escape(pick.label)), computed from the exact bytes above.")
    }

    private func layers(_ current: ImageMeasurement, _ doc: inout DocumentBuilder) -> DocumentAsset? {
        doc.heading(3, "Layer analysis")
        guard !current.layers.isEmpty else {
            doc.paragraph("The measurement has no layer history.")
            return nil
        }
        let real = current.layers.filter { !$0.isEmpty }
        let history = doc.cite(key: "\(key).history-entries", label: "\(image.name): history entries", value: "\(current.layers.count)", source: source(current, "/layers"))
        let count = doc.cite(key: "\(key).layers", label: "\(image.name): file-system layers", value: "\(real.count)", source: source(current, "/layers"))
        doc.paragraph("\(history) history entries, \(count) of them file-system layers (the others, such as `ENV` and `LABEL`, change only the configuration).")
        let sizeKind = real.allSatisfy { $0.uncompressedSize != nil } ? "Uncompressed" : "Size (docker history)"
        var table = MarkdownTable(headers: ["#", sizeKind, "Instruction", "Dockerfile line"], alignments: [.right, .right, .none, .right])
        var rows: [BarChart.Row] = []
        for layer in real {
            let size = layer.uncompressedSize ?? layer.reportedSize ?? 0
            let instruction = Self.shortInstruction(layer.createdBy ?? "")
            var line = "—"
            if let number = layer.dockerfileLine, let dockerfile {
                line = doc.cite(
                    key: "\(key).layer-\(layer.index).line", label: "\(image.name): Dockerfile line of layer \(layer.index)", value: "\(number)",
                    source: FactSource(SourceLocation(file: dockerfile.path, line: number, column: 1), reader: "Dockerfile"))
            }
            table.append(["\(layer.index)", Format.size(size), MarkdownText.code(instruction), line])
            rows.append(BarChart.Row(label: "\(layer.index) \(instruction)", values: [size], captions: [Format.size(size)]))
        }
        doc.table(table)
        doc.paragraph("![Size per layer of \(MarkdownText.escape(image.name))](assets/layers-\(FactKey.sanitize(image.name)).svg)")
        if !current.largestFiles.isEmpty {
            var files = MarkdownTable(headers: ["Largest files", "Size", "Layer"], alignments: [.none, .right, .right])
            for file in current.largestFiles.prefix(10) { files.append([MarkdownText.code(file.path), Format.size(file.size), "\(file.layer)"]) }
            doc.table(files)
        }
        let chart = BarChart(title: "Size per layer: \(image.name)", series: [sizeKind.lowercased()], rows: rows)
        return DocumentAsset(name: "layers-\(FactKey.sanitize(image.name)).svg", contents: chart.svg)
    }

    static func shortInstruction(_ createdBy: String) -> String {
        var text = createdBy.replacingOccurrences(of: " # buildkit", with: "")
        // `RUN |1 ENVIRONMENT=production /bin/sh -c cmd`: build arguments in effect, then the command.
        if text.hasPrefix("RUN |"), let shell = text.range(of: "/bin/sh -c ") { text = "RUN " + text[shell.upperBound...] }
        for prefix in ["/bin/sh -c #(nop) ", "RUN /bin/sh -c ", "/bin/sh -c "] where text.hasPrefix(prefix) {
            text = (prefix.hasPrefix("RUN") || prefix == "/bin/sh -c " ? "RUN " : "") + text.dropFirst(prefix.count)
        }
        let flat = SecretRedaction.redact(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        return flat.count > 80 ? String(flat.prefix(79)) + "…" : flat
    }

    private func wasted(_ current: ImageMeasurement, _ doc: inout DocumentBuilder) {
        guard let wasted = current.wasted else { return }
        doc.heading(3, "Reclaimable space")
        let reclaimable = doc.cite(
            key: "\(key).reclaimable", label: "\(image.name): bytes hidden by later layers", value: Format.size(wasted.reclaimableBytes),
            source: source(current, "/wasted/reclaimableBytes"))
        let dive = doc.cite(
            key: "\(key).dive-wasted", label: "\(image.name): dive's wasted bytes", value: Format.size(wasted.dive.wastedBytes),
            source: source(current, "/wasted/dive/wastedBytes"))
        let efficiency = doc.cite(
            key: "\(key).dive-efficiency", label: "\(image.name): dive's efficiency", value: Format.percent(wasted.dive.efficiency),
            source: source(current, "/wasted/dive/efficiency"))
        doc.bullets([
            "**Really reclaimable**: \(reclaimable) in \(wasted.reclaimableFiles) file copies that later layers overwrite or delete. "
                + "They are still shipped in the lower layers; removing them in the layer that creates them saves exactly this much.",
            "**dive 0.13.1's figures**: wasted \(dive), efficiency \(efficiency)"
                + (wasted.dive.userWastedRatio.map { ", \(Format.percent($0)) of the user layers" } ?? "")
                + ". dive counts every copy of a path that appears in two or more layers, the copy still in use included, and "
                + "does not follow deleted directories or opaque markers, so its number differs from the one above.",
        ])
        if !wasted.topPaths.isEmpty {
            var table = MarkdownTable(headers: ["Hidden path", "Copies", "Bytes hidden"], alignments: [.none, .right, .right])
            for path in wasted.topPaths.prefix(10) { table.append([MarkdownText.code(path.path), "\(path.copies)", Format.size(path.bytes)]) }
            doc.table(table)
        }
    }

    private func builds(_ current: ImageMeasurement, _ doc: inout DocumentBuilder) {
        guard !current.builds.isEmpty else { return }
        doc.heading(3, "Build performance")
        var table = MarkdownTable(headers: ["Build log", "Time", "Steps", "Cached"], alignments: [.none, .right, .right, .right])
        for (index, build) in current.builds.enumerated() {
            let steps = build.steps.filter { $0.stage != nil }
            let time = doc.cite(
                key: "\(key).build-\(index + 1).seconds", label: "\(image.name): build time (\(build.source))",
                value: Format.duration((build.totalSeconds * 10).rounded() / 10), source: FactSource(file: build.source, pointer: "", reader: "BuildKit plain-progress log"))
            table.append([MarkdownText.code(build.source), time, "\(steps.count)", "\(steps.filter(\.isCached).count)" + (build.isFullyCached ? " (all)" : "")])
        }
        doc.table(table)
        doc.paragraph("Build time is the sum of the steps' `DONE` times; steps of parallel stages overlap, so wall time can be shorter.")
        if let slowest = current.builds.first.map({ $0.steps.filter { $0.stage != nil && !$0.isCached }.sorted { $0.seconds > $1.seconds }.prefix(5) }), !slowest.isEmpty {
            var table = MarkdownTable(headers: ["Slowest steps (first build log)", "Time"], alignments: [.none, .right])
            for step in slowest { table.append([MarkdownText.code(Self.shortInstruction(step.name)), Format.duration((step.seconds * 10).rounded() / 10)]) }
            doc.table(table)
        }
    }

    /// Trivy's vulnerability counts and syft's package count, when recorded.
    private func scan(_ current: ImageMeasurement, _ doc: inout DocumentBuilder) {
        guard current.vulnerabilities != nil || current.packageCount != nil else { return }
        doc.heading(3, "Vulnerabilities and packages")
        var items: [String] = []
        if let counts = current.vulnerabilities {
            let order = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
            let parts = order.compactMap { severity -> String? in
                guard let count = counts[severity] else { return nil }
                let cited = doc.cite(
                    key: "\(key).vulnerabilities.\(severity.lowercased())", label: "\(image.name): \(severity.lowercased()) vulnerabilities",
                    value: "\(count)", source: source(current, "/vulnerabilities/\(severity)"))
                return "\(cited) \(severity.lowercased())"
            }
            var line = "Vulnerabilities (Trivy): " + parts.joined(separator: ", ") + "."
            if !current.scanIsOfThisImage {
                line += " *Not verified for this image*: " + current.unmatchedScan
            }
            items.append(line)
        }
        if let packages = current.packageCount {
            items.append("Packages in the SBOM (syft): " + doc.cite(
                key: "\(key).packages", label: "\(image.name): packages in the SBOM", value: "\(packages)", source: source(current, "/packageCount")) + ".")
        }
        doc.bullets(items)
    }

    /// The image's recorded configuration checked against what the Dockerfile says; a mismatch names both.
    private func configuration(_ current: ImageMeasurement, _ doc: inout DocumentBuilder) {
        guard current.config != nil else { return }
        doc.heading(3, "Testing and verification")
        guard let dockerfile, let checks = ConfigurationReview(measurement: current, dockerfile: dockerfile).checks else {
            doc.paragraph("No Dockerfile named \(MarkdownText.code(image.name)) is configured, so the image configuration is not cross-checked.")
            return
        }
        doc.checklist(checks.map { ($0.passed, $0.markdown) })
    }
}
