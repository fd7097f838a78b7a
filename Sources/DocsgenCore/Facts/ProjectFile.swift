/// A file of the project that a report lists as delivered: an input docsgen reads (Dockerfile, compose
/// file, nginx configuration, env template, prose page) or one named under `completion.files`.
public struct ProjectFile: Sendable, Hashable, Codable {
    /// Path relative to the project root.
    public var path: String
    /// What the file is for (`Dockerfile of image backend`).
    public var role: String
    /// Whether the file exists.
    public var exists: Bool
    /// Number of lines, as `wc -l` counts them plus a last line without a newline.
    public var lines: Int?
    /// Size in bytes.
    public var bytes: Int64?
    /// How the file differs from `completion.since`, when configured.
    public var change: FileChange?

    /// Creates a file fact.
    public init(path: String, role: String, exists: Bool, lines: Int? = nil, bytes: Int64? = nil, change: FileChange? = nil) {
        self.path = path
        self.role = role
        self.exists = exists
        self.lines = lines
        self.bytes = bytes
        self.change = change
    }

    private enum CodingKeys: String, CodingKey { case path, role, exists, lines, bytes, change }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(role, forKey: .role)
        try c.encode(exists, forKey: .exists)
        try c.encode(lines, forKey: .lines)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(change, forKey: .change)
    }

    /// Counts lines the way `wc -l` does, plus one for a last line that does not end in a newline.
    public static func lineCount<Bytes: Collection>(_ bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        var count = 0
        var last: UInt8?
        for byte in bytes {
            if byte == 0x0A { count += 1 }
            last = byte
        }
        if let last, last != 0x0A { count += 1 }
        return count
    }
}

/// How a file differs from the revision named by `completion.since` (read with `git`).
public struct FileChange: Sendable, Hashable, Codable {
    /// Added, modified or unchanged since the revision.
    public enum Status: String, Sendable, Hashable, Codable {
        case added, modified, unchanged
    }

    /// The status.
    public var status: Status
    /// Lines added since the revision.
    public var linesAdded: Int
    /// Lines removed since the revision.
    public var linesRemoved: Int

    /// Creates a change.
    public init(status: Status, linesAdded: Int, linesRemoved: Int) {
        self.status = status
        self.linesAdded = linesAdded
        self.linesRemoved = linesRemoved
    }
}

/// What `docsgen.yml` says about the task the completion report covers.
public struct CompletionFacts: Sendable, Hashable, Codable {
    /// `task`, `title`, `engineer`, `date` as configured, each with its place in `docsgen.yml`.
    public var header: [String: LocatedValue]
    /// The revision files are compared with, as written.
    public var since: LocatedValue?
    /// The commit it resolved to.
    public var sinceCommit: String?
    /// The lowest vulnerability severity that fails the scanning check.
    public var failOn: String

    /// Creates completion facts.
    public init(header: [String: LocatedValue] = [:], since: LocatedValue? = nil, sinceCommit: String? = nil, failOn: String = "CRITICAL") {
        self.header = header
        self.since = since
        self.sinceCommit = sinceCommit
        self.failOn = failOn
    }

    private enum CodingKeys: String, CodingKey { case header, since, sinceCommit, failOn }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(header, forKey: .header)
        try c.encode(since, forKey: .since)
        try c.encode(sinceCommit, forKey: .sinceCommit)
        try c.encode(failOn, forKey: .failOn)
    }
}
