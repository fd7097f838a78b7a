/// Security headers an nginx configuration sends, per server and per location, after nginx's
/// inheritance rules (a level that sets any `add_header` drops all inherited ones).
public struct NginxFacts: Sendable, Hashable, Codable {
    /// The main configuration file, relative to the project root.
    public var path: String
    /// Every file read (the main file and its `include`s), relative to the project root.
    public var files: [String]
    /// `server` blocks in order.
    public var servers: [NginxServer]

    /// Creates nginx facts.
    public init(path: String, files: [String], servers: [NginxServer]) {
        self.path = path
        self.files = files
        self.servers = servers
    }
}

/// One `server { … }` block.
public struct NginxServer: Sendable, Hashable, Codable {
    /// `listen` values.
    public var listen: [String]
    /// `server_name` values.
    public var serverNames: [String]
    /// Headers in effect at server level (inherited from `http` when the server sets none).
    public var headers: [NginxHeader]
    /// `location` blocks, nested ones flattened in order.
    public var locations: [NginxLocation]
    /// Where the block starts.
    public var location: SourceLocation

    /// Creates a server fact.
    public init(listen: [String], serverNames: [String], headers: [NginxHeader], locations: [NginxLocation], location: SourceLocation) {
        self.listen = listen
        self.serverNames = serverNames
        self.headers = headers
        self.locations = locations
        self.location = location
    }

    /// A short name: the first server name, else the first listen value.
    public var displayName: String {
        serverNames.first(where: { $0 != "_" && !$0.isEmpty }) ?? listen.first.map { "listen \($0)" } ?? "server"
    }
}

/// One `location … { … }` block.
public struct NginxLocation: Sendable, Hashable, Codable {
    /// The match as written (`/`, `~* \.(js|css)$`, `= /healthz`).
    public var match: String
    /// Headers in effect for responses of this location.
    public var headers: [NginxHeader]
    /// Whether the location sets headers itself (and so drops the server's).
    public var setsOwnHeaders: Bool
    /// Where the block starts.
    public var location: SourceLocation

    /// Creates a location fact.
    public init(match: String, headers: [NginxHeader], setsOwnHeaders: Bool, location: SourceLocation) {
        self.match = match
        self.headers = headers
        self.setsOwnHeaders = setsOwnHeaders
        self.location = location
    }
}

/// An `add_header` directive.
public struct NginxHeader: Sendable, Hashable, Codable {
    /// Header name as written.
    public var name: String
    /// Value without quotes.
    public var value: String
    /// Whether `always` is given (sent with error responses too).
    public var always: Bool
    /// Where the directive is written (possibly in an included file).
    public var location: SourceLocation

    /// Creates a header fact.
    public init(name: String, value: String, always: Bool, location: SourceLocation) {
        self.name = name
        self.value = value
        self.always = always
        self.location = location
    }
}

/// Patterns of a `.dockerignore` file.
public struct DockerignoreFacts: Sendable, Hashable, Codable {
    /// The file, relative to the project root.
    public var path: String
    /// The build context it applies to, relative to the project root.
    public var context: String
    /// Patterns in order; later ones win.
    public var patterns: [IgnorePattern]

    /// Creates dockerignore facts.
    public init(path: String, context: String, patterns: [IgnorePattern]) {
        self.path = path
        self.context = context
        self.patterns = patterns
    }
}

/// One `.dockerignore` line.
public struct IgnorePattern: Sendable, Hashable, Codable {
    /// The pattern, cleaned as Docker cleans it, without a leading `!`.
    public var pattern: String
    /// Whether the line re-includes matches (`!pattern`).
    public var isException: Bool
    /// 1-based line.
    public var line: Int

    /// Creates a pattern fact.
    public init(pattern: String, isException: Bool, line: Int) {
        self.pattern = pattern
        self.isException = isException
        self.line = line
    }
}
