/// How serious a ``Diagnostic`` is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    /// The input cannot be used; the command fails with exit code 2.
    case error
    /// The input is usable but probably not what its author meant.
    case warning
    /// Extra information attached to another diagnostic.
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A place in a text file: a path relative to the project root, a 1-based line and a 1-based column.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The file, relative to the project root (or as given on the command line).
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column number, counted in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers and editors understand.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A problem found in the input, reported with its place and a stable identifier.
///
/// Diagnostics are data: readers and plugins collect them, and the CLI prints them in one place as
/// `path:line:column: error: message [id]`.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious the problem is.
    public var severity: Severity
    /// Where it is; `nil` for problems that belong to no file.
    public var location: SourceLocation?
    /// What is wrong and, where possible, what to do.
    public var message: String
    /// A stable identifier such as `dockerfile.unknown-instruction`.
    public var id: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, id: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.id = id
    }

    /// `file:line:column: severity: message [id]`.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(id)]"
    }

    private enum CodingKeys: String, CodingKey { case severity, file, line, column, message, id }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        severity = try c.decode(Severity.self, forKey: .severity)
        message = try c.decode(String.self, forKey: .message)
        id = try c.decode(String.self, forKey: .id)
        if let file = try c.decodeIfPresent(String.self, forKey: .file) {
            location = SourceLocation(
                file: file,
                line: try c.decodeIfPresent(Int.self, forKey: .line) ?? 1,
                column: try c.decodeIfPresent(Int.self, forKey: .column) ?? 1
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(severity, forKey: .severity)
        try c.encode(location?.file, forKey: .file)
        try c.encode(location?.line, forKey: .line)
        try c.encode(location?.column, forKey: .column)
        try c.encode(message, forKey: .message)
        try c.encode(id, forKey: .id)
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
