import DocsgenCore
import Foundation

/// The image metadata files docsgen reads, named as ``MeasurementSource/format`` names them.
///
/// ```swift
/// MetadataFormat.detect(data: Data("#1 [internal] load .dockerignore\n".utf8), path: "build.log")
/// // "buildkit-log"
/// ```
public enum MetadataFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// `docker image inspect` JSON (``DockerInspectReader``).
    case dockerInspect = "docker-inspect"
    /// `docker history --format '{{json .}}'` lines (``DockerHistoryReader``).
    case dockerHistory = "docker-history"
    /// `docker build --progress=plain` output (``BuildKitLogReader``).
    case buildKitLog = "buildkit-log"
    /// A Trivy JSON report (``TrivyReportReader``).
    case trivy
    /// A syft JSON SBOM (``SyftReportReader``).
    case syft

    /// The format of a file, recognised from its content.
    ///
    /// In order: a JSON document that is an object with `Id` and `RootFS`, or an array whose first element is
    /// one, is `docker-inspect`; an object with `SchemaVersion` and `Results` is `trivy`; an object with
    /// `artifacts` and `descriptor` is `syft`; a file whose first non-blank line is a JSON object with `CreatedBy`
    /// is `docker-history`; a file with a line that starts with `#`, digits and a space is `buildkit-log`.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - path: The file's path. Detection looks at the content only, so a renamed file is still recognised;
    ///     the path is accepted so that callers need not change should a format ever need it.
    /// - Returns: The format's name (`docker-inspect`, `docker-history`, `buildkit-log`, `trivy`, `syft`), or
    ///   `nil` when the content matches none.
    public static func detect(data: Data, path: String) -> String? {
        detectFormat(data: data)?.rawValue
    }

    /// The format of `data`, as ``detect(data:path:)`` describes it.
    static func detectFormat(data: Data) -> MetadataFormat? {
        if let document = try? JSONValue.parse(data) {
            if let format = jsonFormat(of: document) {
                return format
            }
        }
        let lines = TextLines(data).lines
        if let first = lines.first(where: { !TextLines.isBlank($0.bytes) }),
           let members = (try? JSONValue.parse(first.bytes))?.objectValue,
           members["CreatedBy"] != nil {
            return .dockerHistory
        }
        let hasStepLine = lines.contains { line in
            BuildKitLogReader.splitStepLine(String(decoding: line.bytes, as: UTF8.self)) != nil
        }
        if hasStepLine {
            return .buildKitLog
        }
        return nil
    }

    private static func jsonFormat(of document: JSONValue) -> MetadataFormat? {
        let image = document.arrayValue?.first?.objectValue ?? document.objectValue
        if let image, image["Id"] != nil, image["RootFS"] != nil {
            return .dockerInspect
        }
        guard let members = document.objectValue else { return nil }
        if members["SchemaVersion"] != nil, members["Results"] != nil {
            return .trivy
        }
        if members["artifacts"] != nil, members["descriptor"] != nil {
            return .syft
        }
        return nil
    }
}
