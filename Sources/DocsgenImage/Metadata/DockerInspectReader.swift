import DocsgenCore
import Foundation

/// Reads the JSON that `docker image inspect IMAGE` prints.
///
/// ```swift
/// let (image, diagnostics) = DockerInspectReader().read(data, path: "measurements/backend/inspect.json")
/// image?.tag                          // "thebot-backend:1.0.0"
/// image?.reportedSize                 // 358932483
/// image?.config?.healthcheckInterval  // 30.0
/// image?.config?.environment          // ["PATH", "GPG_KEY", …]: names only
/// ```
///
/// The document is an array holding one object per image, as docker prints it, or that object alone. Of an
/// array with several images only the first is read (with an `image.inspect-multiple` warning).
///
/// What is read: `Id`; the first `RepoTags` entry (`<none>:<none>` counts as no tag); `Size`; `RootFS.Layers`;
/// and from `Config`: `User`, `Healthcheck.Test`, `Healthcheck.Interval` and `Healthcheck.Timeout` (Go
/// durations in nanoseconds, turned into seconds; `0`, Docker's "use the default", reads as `nil`),
/// `ExposedPorts` (keys, sorted), `Labels`, the **names** of `Env` entries (values are dropped at once: they
/// may be secrets), `Cmd`, `Entrypoint` and `WorkingDir`. Empty strings read as `nil`.
///
/// Diagnostics (all at line 1, column 1, naming the member by its JSON pointer):
/// - `image.invalid-json` (error): not JSON; the result is `nil`.
/// - `image.unexpected-json` (error): JSON, but no image object; the result is `nil`.
/// - `image.inspect-multiple` (warning): more than one image in the array.
/// - `image.json-type` (warning): a member of the wrong type, ignored.
public struct DockerInspectReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// Reads one inspected image.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - path: The file, relative to the project root, for diagnostics.
    /// - Returns: The image, or `nil` when the file holds none, and the problems found.
    public func read(_ data: Data, path: String) -> (InspectedImage?, [Diagnostic]) {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            return (nil, [error.diagnostic(path: path, expected: "the output of `docker image inspect`")])
        }
        var fields = JSONFieldReader(path: path)
        let document = JSONNode(root: root)
        let image: JSONNode
        switch root {
        case .object:
            image = document
        case .array(let elements) where elements.first?.objectValue != nil:
            image = document[0]
            if elements.count > 1 {
                fields.report(
                    .warning, "the file describes \(elements.count) images; only the first (`/0`) is read",
                    id: "image.inspect-multiple"
                )
            }
        default:
            fields.report(
                .error, "expected the output of `docker image inspect` (an array holding one image object), found "
                    + Self.describeTopLevel(root),
                id: "image.unexpected-json"
            )
            return (nil, fields.diagnostics)
        }

        let id = fields.string(image["Id"]).flatMap(Self.nonEmpty)
        let tag = fields.strings(image["RepoTags"])?.first.flatMap(Self.nonEmpty)
            .flatMap { $0 == "<none>:<none>" ? nil : $0 }
        var reportedSize = fields.integer(image["Size"])
        if let size = reportedSize, size < 0 {
            fields.report(.warning, "`\(image["Size"].displayPointer)` is negative (\(size)); it is ignored",
                          id: "image.json-type")
            reportedSize = nil
        }
        let config = Self.config(image["Config"], &fields)
        let diffIDs = fields.strings(image["RootFS"]["Layers"]) ?? []
        let digests = fields.strings(image["RepoDigests"]) ?? []
        let inspected = InspectedImage(id: id, tag: tag, reportedSize: reportedSize, config: config, diffIDs: diffIDs, repoDigests: digests)
        return (inspected, fields.diagnostics)
    }

    /// `Config`, or `nil` when it is absent or not an object.
    static func config(_ node: JSONNode, _ fields: inout JSONFieldReader) -> ImageConfigFacts? {
        guard fields.object(node) != nil else { return nil }
        var facts = ImageConfigFacts()
        facts.user = fields.string(node["User"]).flatMap(nonEmpty)
        let healthcheck = node["Healthcheck"]
        if fields.object(healthcheck) != nil {
            facts.healthcheck = fields.strings(healthcheck["Test"])
            facts.healthcheckInterval = seconds(healthcheck["Interval"], &fields)
            facts.healthcheckTimeout = seconds(healthcheck["Timeout"], &fields)
        }
        facts.exposedPorts = fields.object(node["ExposedPorts"]).map { $0.keys.sorted() } ?? []
        facts.labels = fields.stringMap(node["Labels"]) ?? [:]
        facts.environment = (fields.strings(node["Env"]) ?? []).compactMap(variableName)
        facts.cmd = fields.strings(node["Cmd"])
        facts.entrypoint = fields.strings(node["Entrypoint"])
        facts.workdir = fields.string(node["WorkingDir"]).flatMap(nonEmpty)
        return facts
    }

    /// The name of a `NAME=value` entry; the value never leaves this function.
    static func variableName(_ entry: String) -> String? {
        let name = entry.prefix { $0 != "=" }
        return name.isEmpty ? nil : String(name)
    }

    /// A Go `time.Duration` (integer nanoseconds) in seconds; `nil` for `0`, absent or negative values.
    private static func seconds(_ node: JSONNode, _ fields: inout JSONFieldReader) -> Double? {
        guard let nanoseconds = fields.integer(node) else { return nil }
        guard nanoseconds > 0 else {
            if nanoseconds < 0 {
                fields.report(
                    .warning, "`\(node.displayPointer)` is a negative duration (\(nanoseconds) ns); it is ignored",
                    id: "image.json-type"
                )
            }
            return nil
        }
        return Double(nanoseconds) / 1_000_000_000
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    private static func describeTopLevel(_ value: JSONValue) -> String {
        if let elements = value.arrayValue {
            return elements.isEmpty
                ? "an empty array" : "an array whose first element is \(elements[0].kindDescription)"
        }
        return value.kindDescription
    }
}
