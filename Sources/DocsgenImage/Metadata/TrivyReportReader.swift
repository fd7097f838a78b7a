import DocsgenCore
import Foundation

/// Counts the vulnerabilities of a Trivy JSON report (`trivy image --format json …`) by severity.
///
/// ```swift
/// let (report, diagnostics) = TrivyReportReader().read(data, path: "measurements/backend/trivy.json")
/// report?.counts["CRITICAL"]   // 0
/// report?.counts["HIGH"]       // 3
/// report?.scanned.imageID      // "sha256:2fa3…": the image the counts are about
/// ```
///
/// Every `Results[].Vulnerabilities[]` entry counts once per `VulnerabilityID` and `PkgName`: the same finding
/// reported for several targets (or twice for one) is one vulnerability, and the first entry's `Severity`
/// counts. The result always has the five keys `UNKNOWN`, `LOW`, `MEDIUM`, `HIGH` and `CRITICAL`; a report
/// without findings counts 0 everywhere. A missing severity counts as `UNKNOWN`.
///
/// Diagnostics (at line 1, column 1, naming members by JSON pointer):
/// - `image.invalid-json` (error): not JSON; the result is `nil`.
/// - `image.unexpected-json` (error): not an object; the result is `nil`.
/// - `image.trivy-severity` (warning): a severity Trivy does not use, counted as `UNKNOWN`.
/// - `image.json-type` (warning): a member of the wrong type, ignored.
/// - `image.trivy-empty` (warning): no `Results`: nothing was scanned; the result is `nil`.
/// - `image.trivy-unnamed` (warning): no `Metadata.ImageID`: the counts cannot be matched to a measured image.
public struct TrivyReportReader: Sendable {
    /// What a report says: the counts and the image they are about.
    public struct Report: Sendable, Hashable {
        /// Vulnerabilities by severity, with all five severities as keys.
        public var counts: [String: Int]
        /// `Metadata.ImageID` and `ArtifactName`.
        public var scanned: ScannedImage
    }

    /// The severities Trivy reports, least severe first.
    public static let severities = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"]

    /// Creates a reader.
    public init() {}

    /// Reads the counts.
    ///
    /// - Parameters:
    ///   - data: The report's bytes.
    ///   - path: The file, relative to the project root, for diagnostics.
    /// - Returns: Vulnerabilities by severity and the scanned image (`nil` when the file is no report or scanned
    ///   nothing) and the problems found.
    public func read(_ data: Data, path: String) -> (Report?, [Diagnostic]) {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            return (nil, [error.diagnostic(path: path, expected: "a Trivy JSON report")])
        }
        var fields = JSONFieldReader(path: path)
        guard root.objectValue != nil else {
            fields.report(
                .error, "expected a Trivy JSON report (an object with `Results`), found \(root.kindDescription)",
                id: "image.unexpected-json"
            )
            return (nil, fields.diagnostics)
        }
        var counts = Dictionary(uniqueKeysWithValues: Self.severities.map { ($0, 0) })
        var seen: Set<String> = []
        var unknownSeverities: Set<String> = []
        let results = JSONNode(root: root)["Results"]
        // A report that scanned nothing proves nothing: no counts, so scanning stays "not verified".
        guard let entries = fields.array(results), !entries.isEmpty else {
            fields.report(.warning, "the Trivy report has no `Results` (nothing was scanned); it does not count as a scan",
                          id: "image.trivy-empty")
            return (nil, fields.diagnostics)
        }
        for resultIndex in entries.indices {
            let vulnerabilities = results[resultIndex]["Vulnerabilities"]
            for index in (fields.array(vulnerabilities) ?? []).indices {
                let entry = vulnerabilities[index]
                guard fields.object(entry) != nil else { continue }
                let id = fields.string(entry["VulnerabilityID"])
                let package = fields.string(entry["PkgName"])
                // Without an identifier an entry cannot be matched to another: it counts on its own.
                let key = id.map { "\($0)\u{0}\(package ?? "")" } ?? "\u{1}\(entry.pointer)"
                guard seen.insert(key).inserted else { continue }
                var severity = fields.string(entry["Severity"])?.uppercased() ?? "UNKNOWN"
                if counts[severity] == nil {
                    if unknownSeverities.insert(severity).inserted {
                        fields.report(
                            .warning, "`\(entry["Severity"].displayPointer)` is `\(severity)`, not one of "
                                + Self.severities.joined(separator: ", ") + "; counted as UNKNOWN",
                            id: "image.trivy-severity"
                        )
                    }
                    severity = "UNKNOWN"
                }
                counts[severity, default: 0] += 1
            }
        }
        let document = JSONNode(root: root)
        let scanned = ScannedImage(imageID: fields.string(document["Metadata"]["ImageID"]), artifact: fields.string(document["ArtifactName"]))
        if scanned.imageID == nil {
            fields.report(.warning, "the Trivy report has no `Metadata.ImageID`: it cannot be matched to the measured image, "
                          + "so it does not prove a scan of it", id: "image.trivy-unnamed")
        }
        return (Report(counts: counts, scanned: scanned), fields.diagnostics)
    }
}
