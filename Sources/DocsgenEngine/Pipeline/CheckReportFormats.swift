import DocsgenCore
import Foundation

/// `docsgen check` results for machines: JSON for scripts, GitHub workflow commands for annotations on the
/// pull request, SARIF 2.1.0 for code scanning. Each changed fact points at its source (`file:line:column`),
/// each file that differs without a changed fact at the first differing line of the generated file.
package enum CheckReportFormats {
    /// Where a finding is: a project-relative file with an optional line and column.
    package struct Place: Equatable {
        package var file: String
        package var line: Int?
        package var column: Int?
    }

    /// One finding: a changed fact or a file that differs.
    package struct Finding {
        package var rule: String
        package var message: String
        package var place: Place
        /// Within its tolerance: reported, but it does not fail the check.
        package var tolerated: Bool
        /// A check the documents show as ✗: a warning, not drift.
        package var isFailedCheck = false
    }

    /// The rules findings belong to, with a one-line description each.
    package static let rules: [(id: String, text: String)] = [
        ("docsgen.fact-changed", "A fact a committed document states has changed; the document is out of date."),
        ("docsgen.file-differs", "A committed document differs from what docsgen generates (edited by hand?)."),
        ("docsgen.file-missing", "A document docsgen generates is not committed."),
        ("docsgen.file-stale", "A committed file is no longer generated."),
        ("docsgen.check-failed", "A check the documents show fails (✗): the facts disprove it."),
    ]

    /// The findings of a report, facts first.
    package static func findings(_ report: DriftChecker.Report, outputName: String, failedChecks: [Diagnostic] = []) -> [Finding] {
        var found: [Finding] = []
        for change in report.facts {
            let source = change.new?.source ?? change.old?.source
            let old = change.old?.value ?? "(not stated)", new = change.new?.value ?? "(no longer stated)"
            var message = "\(change.key) (\(change.label)) changed: \(old) → \(new)"
            message += change.tolerance.map { ", within the tolerance of ±\(Format.number($0.within * 100)) %" }
                ?? "; \(outputName)/ is out of date: run `docsgen build` and commit the result"
            found.append(Finding(
                rule: "docsgen.fact-changed", message: message,
                place: Place(file: source?.file ?? "docsgen.yml", line: source?.line, column: source?.column),
                tolerated: change.tolerance != nil))
        }
        // Files whose difference a changed fact already explains are listed too: SARIF consumers see every
        // file, and a hand edit next to a changed fact is not hidden.
        for file in report.files {
            let path = "\(outputName)/\(file.path)"
            let (rule, message): (String, String) = switch file.kind {
            case .changed: ("docsgen.file-differs", "\(path) differs from what docsgen generates")
            case .missing: ("docsgen.file-missing", "\(path) is generated but missing")
            case .stale: ("docsgen.file-stale", "\(path) is no longer generated")
            }
            found.append(Finding(rule: rule, message: message,
                                 place: Place(file: path, line: firstDifferentLine(file.old, file.new), column: nil),
                                 tolerated: file.explained))
        }
        for check in failedChecks {
            let location = check.location
            found.append(Finding(rule: "docsgen.check-failed", message: check.message,
                                 place: Place(file: location?.file ?? "docsgen.yml", line: location?.line, column: location?.column),
                                 tolerated: false, isFailedCheck: true))
        }
        return found
    }

    /// The first line (1-based) where two texts differ, `nil` when one of them is absent.
    static func firstDifferentLine(_ old: Data?, _ new: Data?) -> Int? {
        guard let old, let new else { return nil }
        let a = old.split(separator: 10, omittingEmptySubsequences: false)
        let b = new.split(separator: 10, omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) where index >= a.count || index >= b.count || a[index] != b[index] {
            return index + 1
        }
        return nil
    }

    // MARK: - JSON

    /// `{"upToDate": …, "passes": …, "facts": […], "files": […]}` for scripts.
    package static func json(_ report: DriftChecker.Report, outputName: String, failedChecks: [Diagnostic] = []) throws(DocsgenError) -> String {
        struct Output: Encodable {
            struct Fact: Encodable {
                var key: String
                var label: String
                var old: String?
                var new: String?
                var source: FactSource?
                var withinTolerance: Bool
            }
            struct File: Encodable {
                var path: String
                var status: String
                var explainedByTolerance: Bool
                var firstDifferentLine: Int?
            }
            var upToDate: Bool
            var passes: Bool
            var outputFolder: String
            var facts: [Fact]
            var files: [File]
            var failedChecks: [Diagnostic]
        }
        let output = Output(
            upToDate: report.isClean, passes: report.passes, outputFolder: outputName,
            facts: report.facts.map {
                .init(key: $0.key, label: $0.label, old: $0.old?.value, new: $0.new?.value,
                      source: $0.new?.source ?? $0.old?.source, withinTolerance: $0.tolerance != nil)
            },
            files: report.files.map { file in
                let status = switch file.kind {
                case .changed: "differs"
                case .missing: "missing"
                case .stale: "stale"
                }
                return .init(path: "\(outputName)/\(file.path)", status: status, explainedByTolerance: file.explained,
                             firstDifferentLine: firstDifferentLine(file.old, file.new))
            },
            failedChecks: failedChecks)
        return try JSONOutput.string(output)
    }

    // MARK: - GitHub

    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, one per finding
    /// (`::notice` for one within tolerance).
    package static func github(_ report: DriftChecker.Report, outputName: String, failedChecks: [Diagnostic] = []) -> String {
        var text = ""
        for finding in findings(report, outputName: outputName, failedChecks: failedChecks) {
            var properties = ["file=\(property(finding.place.file))"]
            if let line = finding.place.line { properties.append("line=\(line)") }
            if let column = finding.place.column { properties.append("col=\(column)") }
            properties.append("title=\(property("docsgen check: " + finding.rule))")
            let command = finding.isFailedCheck ? "warning" : (finding.tolerated ? "notice" : "error")
            text += "::\(command) \(properties.joined(separator: ","))::\(data(finding.message))\n"
        }
        return text
    }

    /// Escapes a workflow command's message.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a workflow command's property value.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    // MARK: - SARIF

    /// A SARIF 2.1.0 log with one run of docsgen; paths relative to `%SRCROOT%` (the project root).
    package static func sarif(_ report: DriftChecker.Report, outputName: String, version: String, failedChecks: [Diagnostic] = []) throws(DocsgenError) -> String {
        struct Log: Encodable {
            var schema = "https://json.schemastore.org/sarif-2.1.0.json"
            var version = "2.1.0"
            var runs: [Run]
            enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
        }
        struct Run: Encodable {
            var tool: Tool
            var results: [Result]
            var columnKind = "unicodeCodePoints"
        }
        struct Tool: Encodable { var driver: Driver }
        struct Driver: Encodable {
            var name = "docsgen"
            var version: String
            var informationUri = "https://github.com/docsgen/docsgen"
            var rules: [Rule]
        }
        struct Rule: Encodable {
            var id: String
            var shortDescription: Message
        }
        struct Message: Encodable { var text: String }
        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Message
            var locations: [Location]
        }
        struct Location: Encodable { var physicalLocation: Physical }
        struct Physical: Encodable {
            var artifactLocation: Artifact
            var region: Region?
        }
        struct Artifact: Encodable {
            var uri: String
            var uriBaseId = "%SRCROOT%"
        }
        struct Region: Encodable {
            var startLine: Int
            var startColumn: Int?
        }
        let results = findings(report, outputName: outputName, failedChecks: failedChecks).map { finding in
            Result(
                ruleId: finding.rule, ruleIndex: rules.firstIndex { $0.id == finding.rule } ?? 0,
                level: finding.isFailedCheck ? "warning" : (finding.tolerated ? "note" : "error"), message: Message(text: finding.message),
                locations: [Location(physicalLocation: Physical(
                    artifactLocation: Artifact(uri: finding.place.file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? finding.place.file),
                    region: finding.place.line.map { Region(startLine: max(1, $0), startColumn: finding.place.column.map { max(1, $0) }) }))])
        }
        let log = Log(runs: [Run(
            tool: Tool(driver: Driver(version: version, rules: rules.map { Rule(id: $0.id, shortDescription: Message(text: $0.text)) })),
            results: results)])
        return try JSONOutput.string(log)
    }
}
