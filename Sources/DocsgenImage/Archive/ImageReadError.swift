import DocsgenCore

/// Why an image could not be measured. Each becomes a diagnostic and exit code 2.
public enum ImageReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case corrupt(path: String, reason: String)
    case notAnImage(path: String, reason: String)
    case digestMismatch(path: String, entry: String, expected: String, actual: String)
    case tooLarge(path: String, limit: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        case let .corrupt(path, reason): "\(path) is truncated or corrupt: \(reason)"
        case let .notAnImage(path, reason): "\(path) is not an image archive or OCI layout: \(reason)"
        case let .digestMismatch(path, entry, expected, actual):
            "\(path): \(entry) does not match its digest (expected \(expected), got \(actual)); the archive is damaged or was edited"
        case let .tooLarge(path, limit): "\(path): a metadata file is larger than \(limit) bytes"
        }
    }

    /// A stable identifier for diagnostics.
    public var id: String {
        switch self {
        case .unreadable: "image.unreadable"
        case .corrupt: "image.corrupt"
        case .notAnImage: "image.not-an-image"
        case .digestMismatch: "image.digest-mismatch"
        case .tooLarge: "image.too-large"
        }
    }

    /// The error as a diagnostic located at the input file.
    public var diagnostic: Diagnostic {
        let path: String
        switch self {
        case let .unreadable(p, _), let .corrupt(p, _), let .notAnImage(p, _), let .digestMismatch(p, _, _, _), let .tooLarge(p, _):
            path = p
        }
        return Diagnostic(.error, description, id: id, at: SourceLocation(file: path, line: 1, column: 1))
    }
}
