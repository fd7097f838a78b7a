import DocsgenCore
import Foundation

/// Counts the packages of a syft JSON SBOM (`syft IMAGE -o json`).
///
/// ```swift
/// let (count, diagnostics) = SyftReportReader().read(data, path: "measurements/backend/sbom.json")
/// count  // 142
/// ```
///
/// The count is the number of objects in the top-level `artifacts` array (syft gives every package one entry
/// with a unique `id`).
///
/// Diagnostics (at line 1, column 1, naming members by JSON pointer):
/// - `image.invalid-json` (error): not JSON; the result is `nil`.
/// - `image.unexpected-json` (error): not an object with an `artifacts` array; the result is `nil`.
/// - `image.json-type` (warning): an artifact that is not an object, not counted.
public struct SyftReportReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// Reads the package count.
    ///
    /// - Parameters:
    ///   - data: The SBOM's bytes.
    ///   - path: The file, relative to the project root, for diagnostics.
    /// - Returns: The number of packages (`nil` when the file is no syft SBOM) and the problems found.
    public func read(_ data: Data, path: String) -> (Int?, [Diagnostic]) {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            return (nil, [error.diagnostic(path: path, expected: "a syft JSON SBOM")])
        }
        var fields = JSONFieldReader(path: path)
        let artifacts = JSONNode(root: root)["artifacts"]
        guard root.objectValue != nil, let elements = fields.array(artifacts) else {
            fields.report(
                .error, "expected a syft JSON SBOM (an object with an `artifacts` array), found "
                    + (root.objectValue == nil ? root.kindDescription : "no `artifacts` array"),
                id: "image.unexpected-json"
            )
            return (nil, fields.diagnostics)
        }
        let count = elements.indices.filter { fields.object(artifacts[$0]) != nil }.count
        return (count, fields.diagnostics)
    }
}
