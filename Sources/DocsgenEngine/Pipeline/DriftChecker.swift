import DocsgenCore
import Foundation

/// Compares a fresh generation with the committed output folder without writing anything.
package struct DriftChecker {
    package let outputURL: URL
    /// How the output folder is named in messages (`Output`).
    package let outputName: String
    /// Facts that may drift within a bound (`check.tolerances`).
    package var tolerances: [Tolerance] = []

    package init(outputURL: URL, outputName: String, tolerances: [Tolerance] = []) {
        self.outputURL = outputURL
        self.outputName = outputName
        self.tolerances = tolerances
    }

    package struct FactChange: Equatable {
        package var key: String
        package var label: String
        package var old: Citation?
        package var new: Citation?
        /// The tolerance the change is within, if any.
        package var tolerance: Tolerance?
    }

    package struct FileChange: Equatable {
        package enum Kind: Equatable { case changed, missing, stale }
        package var path: String
        package var kind: Kind
        package var old: Data?
        package var new: Data?
        /// The file differs only in facts that changed within their tolerance.
        package var explained = false
    }

    package struct Report {
        package var facts: [FactChange]
        package var files: [FileChange]
        /// Nothing differs.
        package var isClean: Bool { files.isEmpty }
        /// Every difference is a fact within its tolerance: `check` passes (exit 0) and says so.
        package var passes: Bool { files.allSatisfy(\.explained) }
    }

    package func check(_ generation: Generation) -> Report {
        var files: [FileChange] = []
        for file in generation.files {
            let existing = FileAccess.existing(outputURL.appendingPathComponent(file.path))
            if existing == nil {
                files.append(FileChange(path: file.path, kind: .missing, old: nil, new: file.contents))
            } else if existing != file.contents {
                files.append(FileChange(path: file.path, kind: .changed, old: existing, new: file.contents))
            }
        }
        let previous = OutputWriter.previousManifest(in: outputURL)
        let current = Set(generation.files.map(\.path))
        for path in previous?.safeFiles ?? [] where !current.contains(path) {
            if let old = FileAccess.existing(outputURL.appendingPathComponent(path)) {
                files.append(FileChange(path: path, kind: .stale, old: old, new: nil))
            }
        }
        // Documents first, then pages, then data: the first diff a reader sees is the one that matters.
        func rank(_ path: String) -> Int { path.hasSuffix(".md") ? 0 : (path.hasSuffix(".html") ? 1 : 2) }
        files.sort { (rank($0.path), $0.path) < (rank($1.path), $1.path) }
        let facts = factChanges(old: previous, new: generation.manifest)
        // With every changed fact within its tolerance, a file that differs only in those values is explained.
        // facts.json holds the raw measurements behind them (seconds, bytes) and is explained along with them.
        if !facts.isEmpty, facts.allSatisfy({ $0.tolerance != nil }) {
            for index in files.indices where files[index].kind == .changed {
                if files[index].path == "facts.json" {
                    files[index].explained = true
                    continue
                }
                guard let old = files[index].old, let new = files[index].new else { continue }
                var text = String(decoding: new, as: UTF8.self)
                for change in facts {
                    guard let before = change.old?.value, let after = change.new?.value else { continue }
                    text = text.replacingOccurrences(of: after, with: before)
                }
                files[index].explained = Data(text.utf8) == old
            }
        }
        return Report(facts: facts, files: files)
    }

    private func factChanges(old: Manifest?, new: Manifest) -> [FactChange] {
        guard let old else { return [] }
        func index(_ manifest: Manifest) -> [String: Citation] {
            var all: [String: Citation] = [:]
            for (_, citations) in manifest.documents.sorted(by: { $0.key < $1.key }) {
                for citation in citations where all[citation.key] == nil { all[citation.key] = citation }
            }
            return all
        }
        let before = index(old), after = index(new)
        var changes: [FactChange] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            let a = before[key], b = after[key]
            if a?.value == b?.value { continue }
            var change = FactChange(key: key, label: (b ?? a)!.label, old: a, new: b)
            if let a, let b {
                change.tolerance = tolerances.first { $0.covers(key) && $0.allows(old: a.value, new: b.value) }
            }
            changes.append(change)
        }
        return changes
    }

    /// The report as text: changed facts with their sources, changed files, then unified diffs.
    package func describe(_ report: Report) -> String {
        guard !report.isClean else { return "" }
        if report.passes {
            var text = "\(outputName)/ differs only in facts that changed within their tolerance; check passes.\n"
            for change in report.facts {
                let within = Format.number((change.tolerance?.within ?? 0) * 100)
                text += "  \(change.key) (\(change.label)): \(change.old?.value ?? "") → \(change.new?.value ?? "") (within tolerance: ±\(within) %)\n"
            }
            return text + "Run `docsgen build` to record the new values.\n"
        }
        var text = "\(outputName)/ is out of date: run `docsgen build` and commit the result.\n"
        if !report.facts.isEmpty {
            text += "\nChanged facts:\n"
            for change in report.facts {
                let old = change.old?.value ?? "(not stated)"
                let new = change.new?.value ?? "(no longer stated)"
                let within = change.tolerance.map { " (within tolerance: ±\(Format.number($0.within * 100)) %)" } ?? ""
                text += "  \(change.key) (\(change.label)): \(old) → \(new)\(within)\n"
                switch (change.old?.source, change.new?.source) {
                case let (a?, b?) where a.description != b.description:
                    text += "      source: \(b) (was \(a))\n"
                case let (_, b?):
                    text += "      source: \(b)\n"
                case let (a?, nil):
                    text += "      source was: \(a)\n"
                default:
                    break
                }
            }
        } else {
            text += "\nNo fact changed: the files below differ from what docsgen generates (edited by hand?).\n"
        }
        text += "\nChanged files:\n"
        for file in report.files {
            let what = switch file.kind {
            case .changed: "differs"
            case .missing: "missing"
            case .stale: "no longer generated"
            }
            text += "  \(outputName)/\(file.path): \(what)\n"
        }
        for file in report.files {
            let old = file.old.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let new = file.new.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let oldName = file.kind == .missing ? "/dev/null" : "a/\(outputName)/\(file.path)"
            let newName = file.kind == .stale ? "/dev/null" : "b/\(outputName)/\(file.path)"
            text += "\n" + UnifiedDiff.render(old: old, new: new, oldName: oldName, newName: newName)
        }
        return text
    }
}
