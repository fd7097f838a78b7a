import DocsgenCore
import Foundation

/// Reads the output of `docker history --no-trunc --format '{{json .}}' IMAGE`.
///
/// ```swift
/// let (layers, diagnostics) = DockerHistoryReader().read(data, path: "measurements/backend/history.jsonl")
/// layers?.first?.createdBy     // "ADD alpine-minirootfs-3.21.5-x86_64.tar.gz / # buildkit"
/// layers?.first?.reportedSize  // 7840000 ("7.84MB")
/// ```
///
/// The file holds one JSON object per line, newest entry first, with the members `Comment`, `CreatedAt`,
/// `CreatedBy`, `CreatedSince`, `ID` and `Size`. The result is bottom first: index 0 is the oldest entry.
/// `CreatedBy` is kept exactly as printed. `Size` is what the docker CLI shows: three significant digits in
/// SI units (`0B`, `36B`, `2.45kB`, `184MB`, see ``bytes(fromDockerSize:)``), or a plain byte count with
/// `--human=false`; an entry is empty when its size is 0. Blank lines are skipped.
///
/// Diagnostics:
/// - `image.history-line` (error, at the line): a line that is not a JSON object; it is left out and the
///   other lines are still read.
/// - `image.history-size` (warning, at the line): a `Size` that cannot be read; the entry has no size and
///   counts as not empty.
/// - `image.history-empty` (error, at 1:1): no entry at all; the result is `nil`.
public struct DockerHistoryReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// Reads the history entries.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - path: The file, relative to the project root, for diagnostics.
    /// - Returns: The entries bottom first (`nil` when the file has none) and the problems found.
    public func read(_ data: Data, path: String) -> ([LayerMeasurement]?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var newestFirst: [(createdBy: String?, size: Int64?)] = []
        for (number, bytes) in TextLines(data).lines where !TextLines.isBlank(bytes) {
            let location = SourceLocation(file: path, line: number, column: 1)
            let value: JSONValue
            do {
                value = try JSONValue.parse(bytes)
            } catch {
                diagnostics.append(Diagnostic(
                    .error, "history line \(number) is not a JSON object (\(Self.describe(error))); it is skipped",
                    id: "image.history-line", at: location
                ))
                continue
            }
            guard let members = value.objectValue else {
                diagnostics.append(Diagnostic(
                    .error, "history line \(number) is \(value.kindDescription), not a JSON object; it is skipped",
                    id: "image.history-line", at: location
                ))
                continue
            }
            let createdBy = members["CreatedBy"]?.stringValue
            var size: Int64?
            switch members["Size"] {
            case .string(let text)?:
                size = Self.bytes(fromDockerSize: text)
            case .integer(let bytes)? where bytes >= 0:
                size = bytes
            default:
                size = nil
            }
            if size == nil {
                let shown = members["Size"].map { value -> String in
                    if case .string(let text) = value { return "`\(text)`" }
                    return value.kindDescription
                } ?? "missing"
                diagnostics.append(Diagnostic(
                    .warning, "`/Size` of history line \(number) is \(shown), not a size such as `145MB`; "
                        + "the entry's size is unknown",
                    id: "image.history-size", at: location
                ))
            }
            newestFirst.append((createdBy, size))
        }
        guard !newestFirst.isEmpty else {
            diagnostics.append(Diagnostic(
                .error, "the file has no history entries; expected the output of "
                    + "`docker history --no-trunc --format '{{json .}}' IMAGE`",
                id: "image.history-empty", at: SourceLocation(file: path, line: 1, column: 1)
            ))
            return (nil, diagnostics)
        }
        let layers = newestFirst.reversed().enumerated().map { index, entry in
            var layer = LayerMeasurement(index: index, createdBy: entry.createdBy.map(SecretRedaction.redact), isEmpty: entry.size == 0)
            layer.reportedSize = entry.size
            return layer
        }
        return (layers, diagnostics)
    }

    /// Bytes from a size as the docker CLI prints it (go-units `HumanSizeWithPrecision`, SI units).
    ///
    /// `B`, `kB` (1000), `MB`, `GB`, `TB`, `PB` and `EB` are accepted, with the number docker prints before
    /// them (`%.3g`: `2.45`, `184`, and `1e+03` for sizes just under the next unit); a bare integer is a byte
    /// count. The result is rounded to whole bytes.
    ///
    /// - Parameter text: `0B`, `1.2kB`, `3.05MB`, `1.5GB`, `512`.
    /// - Returns: The bytes, or `nil` for anything else (negative, not finite, larger than `Int64`).
    static func bytes(fromDockerSize text: String) -> Int64? {
        let units: [(suffix: String, scale: Double)] = [
            ("kB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15), ("EB", 1e18), ("B", 1),
        ]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var number = Substring(trimmed)
        var scale = 1.0
        if let unit = units.first(where: { trimmed.hasSuffix($0.suffix) }) {
            number = number.dropLast(unit.suffix.count)
            scale = unit.scale
        }
        guard !number.isEmpty,
              number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "+" || $0 == "-") }),
              number.first?.isNumber == true,
              let value = Double(number)
        else { return nil }
        let bytes = (value * scale).rounded()
        guard bytes.isFinite, bytes >= 0, bytes < 9.2e18 else { return nil }
        return Int64(bytes)
    }

    private static func describe(_ error: JSONValue.ParseError) -> String {
        switch error {
        case .empty: "empty"
        case .tooDeep: "nested too deeply"
        case .invalid: "invalid JSON"
        }
    }
}
