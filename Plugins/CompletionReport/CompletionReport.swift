import DocsgenCore
import DocsgenRender
import DocsgenReviews

/// The completion report: what the task delivered and whether it is production ready, every line computed
/// from facts. A claim no fact can prove is shown as "not verified" with what would prove it, and the
/// status says "Production ready" only when every item is proven.
public struct CompletionReport: ReportPlugin {
    public let name = "completion-report"
    public let summary = "Completion report: requirements met, files delivered, verification, production readiness, release history"

    /// Creates the plugin.
    public init() {}

    public func render(_ input: PluginInput) throws -> PluginOutput {
        let readiness = Readiness(input)
        var doc = DocumentBuilder(name: name, title: "Completion Report")
        let requirements = RequirementGroups.evaluate(readiness, &doc)
        let items = ReadinessChecklist.items(readiness, requirements: requirements, &doc)

        Header(facts: input.facts, images: readiness.images).write(items, &doc)
        Summary(readiness: readiness).write(requirements, items, &doc)
        RequirementGroups.write(requirements, &doc)
        FilesSection(facts: input.facts, documents: input.documents).write(&doc)
        let verification = VerificationSection(readiness: readiness)
        verification.write(&doc)
        var assets: [DocumentAsset] = []
        if let chart = ReleaseHistory(images: readiness.images).write(&doc, chartName: "completion-history.svg") { assets.append(chart) }
        ReadinessChecklist.write(items, &doc)
        verification.buildPerformance(&doc)

        doc.heading(2, "Known issues and recommendations")
        let open = items.filter { $0.verdict != .proven }
        if open.isEmpty {
            doc.paragraph("Every production-readiness item is proven; nothing is open.")
        } else {
            doc.paragraph("Computed from the checklist: each item that is not proven, and what to do.")
            doc.bullets(open.map { "\($0.verdict == .disproved ? "✗" : "*Not verified*:") \($0.detail)" })
        }
        for section in input.sections { doc.include(section, headingLevel: 3) }

        Conclusion().write(items, &doc)
        return PluginOutput(documents: [doc.build()], assets: assets)
    }
}

/// The title block: task, project, release, date (only when configured) and the computed status.
struct Header {
    let facts: ProjectFacts
    let images: [ImageSet]

    func write(_ items: [ReadinessItem], _ doc: inout DocumentBuilder) {
        var lines: [String] = []
        let header = facts.completion?.header ?? [:]
        let fields: [(String, String)] = [("task", "Task ID"), ("title", "Task name"), ("engineer", "Engineer"), ("date", "Date")]
        for (key, label) in fields {
            guard let value = header[key] else { continue }
            lines.append("**\(label)**: " + doc.cite(
                key: "completion.\(key)", label: "completion: \(label.lowercased())", value: value.value,
                source: FactSource(value.location, reader: "docsgen.yml")))
        }
        lines.insert("**Project**: \(MarkdownText.escape(facts.project))", at: min(2, lines.count))
        let releases = images.compactMap { image in image.current.map { (image.name, $0) } }
        if !releases.isEmpty {
            let shown = releases.map { name, measurement in
                "\(MarkdownText.code(name)) " + doc.cite(
                    key: "images.\(FactKey.sanitize(name)).release", label: "\(name): release described",
                    value: measurement.release ?? "current", source: FactSource(file: measurement.recordedIn ?? "measurements", pointer: "/release", reader: "docsgen measure"), code: true)
            }
            lines.append("**Release**: " + shown.joined(separator: ", "))
        }
        lines.append("**Status**: " + ReadinessChecklist.status(items))
        doc.paragraph(lines.joined(separator: "  \n"))
    }
}

/// The executive summary: counts, the "since the last release" line and the key achievements, each an
/// item the facts prove.
struct Summary {
    let readiness: Readiness

    func write(_ requirements: [RequirementGroup], _ items: [ReadinessItem], _ doc: inout DocumentBuilder) {
        doc.heading(2, "Executive summary")
        let facts = readiness.facts
        let proven = items.filter { $0.verdict == .proven }.count
        let disproved = items.filter { $0.verdict == .disproved }.count
        let unverified = items.count - proven - disproved
        var text = "\(MarkdownText.escape(facts.project)) builds \(facts.dockerfiles.count) image\(facts.dockerfiles.count == 1 ? "" : "s") ("
            + facts.dockerfiles.map { MarkdownText.code($0.name) }.joined(separator: ", ") + ")"
        if let compose = facts.compose { text += " and runs \(compose.activeServices.count) compose services" }
        text += ". Of \(items.count) production-readiness items, \(proven) are proven by facts, \(disproved) disproved and \(unverified) not verified."
        doc.paragraph(text)
        if let line = ReleaseHistory(images: readiness.images).sinceLastRelease(&doc) { doc.paragraph(line) }

        let achievements = Self.achievements(requirements.flatMap(\.entries))
        doc.paragraph("**Key achievements** (proven items only; the rest are listed under production readiness):")
        doc.bullets(achievements.isEmpty ? ["None yet: no requirement is proven by a fact."] : achievements)
    }
}

extension Summary {
    /// One line per kind of proven claim: size reductions in full, the rest as "title: subjects".
    static func achievements(_ entries: [RequirementGroup.Entry]) -> [String] {
        var lines: [String] = []
        var seen: [String] = []
        let proven = entries.filter { $0.check.verdict == .proven }
        for entry in proven where entry.check.id == "image.size-reduction" {
            lines.append(MarkdownText.code(entry.subject ?? "") + ": " + entry.check.markdown)
        }
        for entry in proven where entry.check.id != "image.size-reduction" && !seen.contains(entry.check.id) {
            seen.append(entry.check.id)
            let same = proven.filter { $0.check.id == entry.check.id }
            let subjects = same.compactMap(\.subject).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            if subjects.isEmpty || subjects == ["compose stack"] {
                lines.append(same.map(\.check.markdown).joined(separator: " "))
            } else {
                lines.append(title(of: entry.check) + ": " + subjects.map(MarkdownText.code).joined(separator: ", "))
            }
        }
        return lines
    }

    /// The bold title a check's Markdown starts with (`**Non-root user**`).
    static func title(of check: Check) -> String {
        guard check.markdown.hasPrefix("**"), let end = check.markdown.dropFirst(2).range(of: "**") else { return check.id }
        return String(check.markdown[check.markdown.startIndex..<end.upperBound])
    }
}

/// The last section: the status and the counts, computed.
struct Conclusion {
    func write(_ items: [ReadinessItem], _ doc: inout DocumentBuilder) {
        doc.heading(2, "Conclusion")
        let proven = items.filter { $0.verdict == .proven }.count
        var text = "\(proven) of \(items.count) production-readiness items are proven by facts. "
        text += "**Status**: " + ReadinessChecklist.status(items) + "."
        doc.paragraph(text)
        doc.paragraph("Every value in this report comes from a fact listed under Sources; regenerate it after each release with "
            + "`docsgen measure` and `docsgen build`, and `docsgen check` fails when it no longer matches.")
    }
}
