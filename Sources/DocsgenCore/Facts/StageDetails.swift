/// An effective `HEALTHCHECK`.
public struct Healthcheck: Sendable, Hashable, Codable {
    /// The form of the test.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Exec form: `HEALTHCHECK CMD ["curl", "-f", …]`.
        case cmd
        /// Shell form: `HEALTHCHECK CMD curl -f … || exit 1`.
        case cmdShell = "cmd-shell"
        /// `HEALTHCHECK NONE`: disables a health check inherited from the base image.
        case none
    }

    /// The form of the test.
    public var kind: Kind
    /// The command: exec arguments, or one shell string, or empty for `NONE`.
    public var test: [String]
    /// `--interval` in seconds.
    public var interval: Double?
    /// `--timeout` in seconds.
    public var timeout: Double?
    /// `--start-period` in seconds.
    public var startPeriod: Double?
    /// `--start-interval` in seconds.
    public var startInterval: Double?
    /// `--retries`.
    public var retries: Int?
    /// Line of the instruction.
    public var line: Int
    /// Column of the keyword.
    public var column: Int
    /// Index of the stage holding the instruction.
    public var stage: Int

    /// Creates a health check fact.
    public init(
        kind: Kind, test: [String], interval: Double?, timeout: Double?, startPeriod: Double?,
        startInterval: Double?, retries: Int?, line: Int, column: Int, stage: Int
    ) {
        self.kind = kind
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.startInterval = startInterval
        self.retries = retries
        self.line = line
        self.column = column
        self.stage = stage
    }

    /// The test as one line, as `docker inspect` shows it.
    public var commandText: String { test.joined(separator: " ") }

    private enum CodingKeys: String, CodingKey {
        case kind, test, interval, timeout, startPeriod, startInterval, retries, line, column, stage
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(test, forKey: .test)
        try c.encode(interval, forKey: .interval)
        try c.encode(timeout, forKey: .timeout)
        try c.encode(startPeriod, forKey: .startPeriod)
        try c.encode(startInterval, forKey: .startInterval)
        try c.encode(retries, forKey: .retries)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(stage, forKey: .stage)
    }
}

/// An effective `CMD` or `ENTRYPOINT`.
public struct ContainerCommand: Sendable, Hashable, Codable {
    /// Exec (JSON) form or shell form.
    public enum Form: String, Sendable, Hashable, Codable {
        /// `CMD ["a", "b"]`.
        case exec
        /// `CMD a b`, run through the stage's shell.
        case shell
    }

    /// The form.
    public var form: Form
    /// Exec arguments, or one shell string.
    public var args: [String]
    /// Line of the instruction.
    public var line: Int
    /// Column of the keyword.
    public var column: Int
    /// Index of the stage holding the instruction.
    public var stage: Int

    /// Creates a command fact.
    public init(form: Form, args: [String], line: Int, column: Int, stage: Int) {
        self.form = form
        self.args = args
        self.line = line
        self.column = column
        self.stage = stage
    }

    /// The command as one line.
    public var text: String { args.joined(separator: " ") }
}

/// A `LABEL` key and value.
public struct Label: Sendable, Hashable, Codable {
    /// The key, without quotes.
    public var key: String
    /// The value, without quotes, after substitution.
    public var value: String
    /// Line of the instruction.
    public var line: Int
    /// Column of the keyword.
    public var column: Int
    /// Index of the stage holding the instruction.
    public var stage: Int

    /// Creates a label fact.
    public init(key: String, value: String, line: Int, column: Int, stage: Int) {
        self.key = key
        self.value = value
        self.line = line
        self.column = column
        self.stage = stage
    }
}

/// A package manager docsgen recognises in `RUN` instructions.
public enum PackageManager: String, Sendable, Hashable, Codable, CaseIterable {
    case apk, apt, pip, npm
}

/// A package named in an install command.
public struct Package: Sendable, Hashable, Codable {
    /// The manager that installs it.
    public var manager: PackageManager
    /// The name, with any version pin as written (`flask==3.0`).
    public var name: String
    /// Line of the `RUN` instruction.
    public var line: Int
    /// Column of the keyword.
    public var column: Int

    /// Creates a package fact.
    public init(manager: PackageManager, name: String, line: Int, column: Int) {
        self.manager = manager
        self.name = name
        self.line = line
        self.column = column
    }
}

/// One package-manager invocation and its cache hygiene.
public struct PackageInstall: Sendable, Hashable, Codable {
    /// The manager.
    public var manager: PackageManager
    /// Line of the `RUN` instruction.
    public var line: Int
    /// Column of the keyword.
    public var column: Int
    /// Packages named on the command line.
    public var packages: [String]
    /// Requirement or lock files the command installs from (`pip install -r requirements.txt`).
    public var requirementFiles: [String]
    /// Whether the package cache stays out of the layer (`apk --no-cache`, `pip --no-cache-dir`,
    /// apt lists removed in the same `RUN`, `npm cache clean --force`, or a cache mount).
    public var cacheCleaned: Bool
    /// The command words, for messages.
    public var command: String

    /// Creates an install fact.
    public init(
        manager: PackageManager, line: Int, column: Int, packages: [String], requirementFiles: [String],
        cacheCleaned: Bool, command: String
    ) {
        self.manager = manager
        self.line = line
        self.column = column
        self.packages = packages
        self.requirementFiles = requirementFiles
        self.cacheCleaned = cacheCleaned
        self.command = command
    }
}

/// A `COPY --from` (or `ADD --from`): what a stage takes from another stage or image.
public struct StageCopy: Sendable, Hashable, Codable {
    /// The earlier stage copied from.
    public var stage: Int?
    /// The image copied from, when `--from` names no stage.
    public var image: String?
    /// Source paths.
    public var sources: [String]
    /// Destination path.
    public var destination: String
    /// Line of the instruction.
    public var line: Int
    /// Column of the keyword.
    public var column: Int

    /// Creates a copy fact.
    public init(stage: Int?, image: String?, sources: [String], destination: String, line: Int, column: Int) {
        self.stage = stage
        self.image = image
        self.sources = sources
        self.destination = destination
        self.line = line
        self.column = column
    }

    private enum CodingKeys: String, CodingKey { case stage, image, sources, destination, line, column }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(image, forKey: .image)
        try c.encode(sources, forKey: .sources)
        try c.encode(destination, forKey: .destination)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
    }
}

/// A `COPY`/`ADD` from the build context.
public struct ContextCopy: Sendable, Hashable, Codable {
    /// `copy` or `add`.
    public var instruction: String
    /// Source paths or patterns.
    public var sources: [String]
    /// Destination path.
    public var destination: String
    /// Whether every source is a dependency manifest (`requirements.txt`, `package.json`, …).
    public var isManifest: Bool
    /// Line of the instruction.
    public var line: Int
    /// Column of the keyword.
    public var column: Int

    /// Creates a context-copy fact.
    public init(instruction: String, sources: [String], destination: String, isManifest: Bool, line: Int, column: Int) {
        self.instruction = instruction
        self.sources = sources
        self.destination = destination
        self.isManifest = isManifest
        self.line = line
        self.column = column
    }
}

/// A user account a `RUN` creates (`adduser -u 1001 … appuser`, `useradd --uid 1001 appuser`).
public struct UserAccount: Sendable, Hashable, Codable {
    /// The account name.
    public var name: String
    /// The numeric user id, when the command sets one.
    public var uid: Int?
    /// Line of the `RUN` instruction.
    public var line: Int
    /// Column of the keyword.
    public var column: Int
    /// Index of the stage holding the instruction.
    public var stage: Int

    /// Creates an account fact.
    public init(name: String, uid: Int?, line: Int, column: Int, stage: Int) {
        self.name = name
        self.uid = uid
        self.line = line
        self.column = column
        self.stage = stage
    }

    private enum CodingKeys: String, CodingKey { case name, uid, line, column, stage }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(uid, forKey: .uid)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(stage, forKey: .stage)
    }
}
