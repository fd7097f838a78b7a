import DocsgenCore
import DocsgenRender
import DocsgenReviews

/// Files created and modified (with `completion.since`, from git), and the deliverables summary.
struct FilesSection {
    let facts: ProjectFacts
    let documents: [DocumentSummary]

    private func key(_ file: ProjectFile, _ what: String) -> String {
        "files.\(FactKey.sanitize(file.path)).\(what)"
    }

    private func lines(_ file: ProjectFile, _ doc: inout DocumentBuilder) -> String {
        guard let count = file.lines else { return "missing" }
        return doc.cite(
            key: key(file, "lines"), label: "\(file.path): lines", value: "\(count)",
            source: FactSource(SourceLocation(file: file.path, line: max(1, count), column: 1), reader: "line count"))
    }

    func write(_ doc: inout DocumentBuilder) {
        doc.heading(2, "Files created and modified")
        let since = facts.completion?.since
        let commit = facts.completion?.sinceCommit
        if let since, let commit {
            doc.paragraph("Compared with \(MarkdownText.code(since.value)) (commit \(MarkdownText.code(String(commit.prefix(12))))), read with `git`; line counts are of the files as they are now.")
        } else {
            doc.paragraph("Line counts are of the files as they are now. Set `completion.since` in `docsgen.yml` to a git revision to show which files were added or modified, with lines added and removed.")
        }
        var groups: [(String, [ProjectFile])] = []
        if commit != nil {
            let statuses: [(FileChange.Status, String)] = [(.added, "New files"), (.modified, "Modified files"), (.unchanged, "Unchanged files")]
            for (status, title) in statuses {
                let files = facts.files.filter { $0.change?.status == status }
                if !files.isEmpty { groups.append((title, files)) }
            }
            let other = facts.files.filter { $0.change == nil }
            if !other.isEmpty { groups.append(("Missing files", other)) }
        } else {
            groups = [("Project files", facts.files)]
        }
        for (title, files) in groups {
            var table = MarkdownTable(headers: [title, "Role", "Lines"] + (commit != nil ? ["Added", "Removed"] : []), alignments: [.none, .none, .right, .right, .right])
            for file in files {
                var row = [MarkdownText.code(file.path), MarkdownText.escape(file.role), lines(file, &doc)]
                if let change = file.change, let since {
                    let source = FactSource(file: file.path, pointer: "", reader: "git diff \(since.value)")
                    row.append(doc.cite(key: key(file, "added"), label: "\(file.path): lines added since \(since.value)", value: "+\(change.linesAdded)", source: source))
                    row.append(doc.cite(key: key(file, "removed"), label: "\(file.path): lines removed since \(since.value)", value: "−\(change.linesRemoved)", source: source))
                } else if commit != nil {
                    row += ["—", "—"]
                }
                table.append(row)
            }
            doc.table(table)
        }
        deliverables(&doc)
    }

    private func deliverables(_ doc: inout DocumentBuilder) {
        doc.heading(3, "Deliverables summary")
        var table = MarkdownTable(headers: ["Deliverable", "Status", "File", "Lines"], alignments: [.none, .none, .none, .right])
        for file in facts.files {
            table.append([MarkdownText.escape(file.role), file.exists ? "✓ present" : "✗ missing", MarkdownText.code(file.path), lines(file, &doc)])
        }
        for document in documents {
            let count = doc.cite(
                key: "documents.\(FactKey.sanitize(document.name)).lines", label: "\(document.title): lines",
                value: "\(document.lines)", source: FactSource(SourceLocation(file: document.path, line: max(1, document.lines), column: 1), reader: "docsgen build"))
            table.append([MarkdownText.escape(document.title), "✓ generated (\(document.facts) facts)", MarkdownText.code(document.path), count])
        }
        doc.table(table)
    }
}

/// Testing and verification: each image's configuration against its Dockerfile, sizes before and after,
/// and build performance.
struct VerificationSection {
    let readiness: Readiness

    func write(_ doc: inout DocumentBuilder) {
        doc.heading(2, "Testing and verification")
        for review in readiness.reviews {
            doc.heading(3, "Image: \(review.name)")
            let set = readiness.images.first { $0.name == review.name }
            guard let current = set?.current, let checks = ConfigurationReview(measurement: current, dockerfile: review.dockerfile).checks else {
                doc.paragraph("Not verified: no recorded `docker image inspect` output or archive of \(MarkdownText.code(review.name)) to compare with "
                    + "\(MarkdownText.code(review.dockerfile.path)). Record one with `docsgen measure`.")
                continue
            }
            doc.paragraph("Configuration of release \(MarkdownText.code(current.release ?? "current")) (" + current.sources.filter { $0.format != "buildkit-log" }.map { MarkdownText.code($0.path) }.joined(separator: ", ")
                + ") against \(MarkdownText.code(review.dockerfile.path)):")
            doc.checklist(checks.map { ($0.passed, $0.markdown) })
            let layers = current.layers.filter { !$0.isEmpty }
            if !layers.isEmpty {
                let count = doc.cite(
                    key: "\(set?.key ?? "images").layers", label: "\(review.name): file-system layers", value: "\(layers.count)",
                    source: FactSource(file: current.recordedIn ?? "measurements", pointer: "/layers", reader: "docsgen measure"))
                doc.paragraph("File-system layers: \(count).")
            }
        }
        doc.heading(3, "Size verification")
        var table = MarkdownTable(headers: ["Image", "Verdict"])
        for review in readiness.reviews {
            let check = readiness.sizeReduction(of: review.name, &doc)
            table.append([MarkdownText.code(review.name), RequirementGroups.mark(check.verdict) + " " + check.markdown])
        }
        doc.table(table)
    }

    func buildPerformance(_ doc: inout DocumentBuilder) {
        doc.heading(2, "Build performance")
        let measured = readiness.images.compactMap { set in set.current.map { (set, $0) } }.filter { !$0.1.builds.isEmpty }
        guard !measured.isEmpty else {
            doc.paragraph("No BuildKit log is recorded. Record `docker build --progress=plain … 2> build.log` with `docsgen measure`.")
            return
        }
        var table = MarkdownTable(headers: ["Image", "Build log", "Time", "Steps cached"], alignments: [.none, .none, .right, .right])
        for (set, current) in measured {
            for (index, build) in current.builds.enumerated() {
                let time = doc.cite(
                    key: "\(set.key).build-\(index + 1).seconds", label: "\(set.name): build time (\(build.source))",
                    value: Format.duration((build.totalSeconds * 10).rounded() / 10), source: FactSource(file: build.source, pointer: "", reader: "BuildKit plain-progress log"))
                let steps = build.steps.filter { $0.stage != nil }
                table.append([MarkdownText.code(set.name), MarkdownText.code(build.source), time, "\(steps.filter(\.isCached).count) of \(steps.count)"])
            }
        }
        doc.table(table)
        doc.paragraph("Times are the sum of the steps' `DONE` times in each log.")
    }
}
