/// Everything docsgen knows about one Dockerfile.
///
/// Produced by `DockerfileParser` + `StageResolver` in DocsgenDockerfile; read by plugins. Line and column
/// numbers are 1-based and refer to ``path``.
public struct DockerfileFacts: Sendable, Hashable, Codable {
    /// The name given in `docsgen.yml` (for example `backend`), or the file name for ad-hoc files.
    public var name: String
    /// The file, relative to the project root.
    public var path: String
    /// The `# syntax=` parser directive, if any.
    public var syntax: String?
    /// The escape character (`\` or `` ` ``).
    public var escape: String
    /// `ARG` instructions before the first `FROM`.
    public var globalArgs: [ArgumentDeclaration]
    /// Build stages in file order.
    public var stages: [Stage]
    /// Index of the stage that `docker build` produces by default (the last one).
    public var finalStage: Int?
    /// Number of top-level instructions (an `ONBUILD` counts as one).
    public var instructionCount: Int

    /// Creates Dockerfile facts.
    public init(
        name: String, path: String, syntax: String?, escape: String, globalArgs: [ArgumentDeclaration],
        stages: [Stage], finalStage: Int?, instructionCount: Int
    ) {
        self.name = name
        self.path = path
        self.syntax = syntax
        self.escape = escape
        self.globalArgs = globalArgs
        self.stages = stages
        self.finalStage = finalStage
        self.instructionCount = instructionCount
    }

    /// The stage `docker build` produces without `--target`.
    public var runtimeStage: Stage? { finalStage.map { stages[$0] } }

    /// The location of a line in this Dockerfile.
    public func location(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    private enum CodingKeys: String, CodingKey {
        case name, path, syntax, escape, globalArgs, stages, finalStage, instructionCount
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(path, forKey: .path)
        try c.encode(syntax, forKey: .syntax)
        try c.encode(escape, forKey: .escape)
        try c.encode(globalArgs, forKey: .globalArgs)
        try c.encode(stages, forKey: .stages)
        try c.encode(finalStage, forKey: .finalStage)
        try c.encode(instructionCount, forKey: .instructionCount)
    }
}

/// An `ARG` declaration.
public struct ArgumentDeclaration: Sendable, Hashable, Codable {
    /// The variable name.
    public var name: String
    /// The default value as written (after substitution of earlier arguments), if any.
    public var `default`: String?
    /// Line of the `ARG` instruction.
    public var line: Int
    /// Column of the `ARG` keyword.
    public var column: Int

    /// Creates a declaration.
    public init(name: String, default: String?, line: Int, column: Int) {
        self.name = name
        self.default = `default`
        self.line = line
        self.column = column
    }

    private enum CodingKeys: String, CodingKey { case name, `default`, line, column }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(`default`, forKey: .default)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
    }
}

/// A value set by an instruction, with the place that set it.
///
/// Effective values are inherited through `FROM <stage>` chains; ``stage`` names the stage whose
/// instruction set the value.
public struct StageValue<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The value after variable substitution.
    public var value: Value
    /// Line of the instruction that set it.
    public var line: Int
    /// Column of that instruction's keyword.
    public var column: Int
    /// Index of the stage that holds the instruction.
    public var stage: Int

    /// Creates a located value.
    public init(value: Value, line: Int, column: Int, stage: Int) {
        self.value = value
        self.line = line
        self.column = column
        self.stage = stage
    }
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
public struct Stage: Sendable, Hashable, Codable {
    /// 0-based position in the file.
    public var index: Int
    /// The stage name from `AS name`, lower-cased as BuildKit does.
    public var name: String?
    /// Line of the `FROM` instruction.
    public var line: Int
    /// Column of the `FROM` keyword.
    public var column: Int
    /// The `--platform` value after substitution.
    public var platform: String?
    /// What the stage builds on.
    public var from: BaseImage
    /// Effective `USER`; `nil` means the image default (root, unless the base image sets another).
    public var user: StageValue<String>?
    /// Effective `WORKDIR`.
    public var workdir: StageValue<String>?
    /// Effective `HEALTHCHECK`.
    public var healthcheck: Healthcheck?
    /// Effective exposed ports, normalised to `port/proto`.
    public var exposedPorts: [StageValue<String>]
    /// Effective `CMD`.
    public var cmd: ContainerCommand?
    /// Effective `ENTRYPOINT`.
    public var entrypoint: ContainerCommand?
    /// Effective labels (inherited, later ones override earlier ones with the same key).
    public var labels: [Label]
    /// Names of environment variables set by `ENV` (values are not kept).
    public var environment: [StageValue<String>]
    /// Packages installed by this stage's `RUN` instructions.
    public var packages: [Package]
    /// Package-manager invocations in this stage and whether each left its cache behind.
    public var installs: [PackageInstall]
    /// `COPY --from` / `ADD --from` instructions of this stage.
    public var copiesFrom: [StageCopy]
    /// `COPY`/`ADD` from the build context in this stage.
    public var contextCopies: [ContextCopy]
    /// Whether dependency manifests are copied before the rest of the source; `nil` when the stage copies
    /// no manifest.
    public var manifestsBeforeSource: Bool?
    /// Build arguments declared inside the stage.
    public var args: [ArgumentDeclaration]
    /// `ONBUILD` triggers, as written.
    public var onbuild: [StageValue<String>]
    /// Number of instructions in the stage, including its `FROM`.
    public var instructionCount: Int
    /// Last line of the stage's last instruction.
    public var endLine: Int
    /// The stage's instructions after `FROM`, as written (for joining image history to Dockerfile lines).
    public var steps: [StageStep]
    /// User accounts created by `RUN` in this stage or inherited from the stage it builds on.
    public var users: [UserAccount]

    /// Creates a stage.
    public init(index: Int, name: String?, line: Int, column: Int, platform: String?, from: BaseImage) {
        self.index = index
        self.name = name
        self.line = line
        self.column = column
        self.platform = platform
        self.from = from
        self.exposedPorts = []
        self.labels = []
        self.environment = []
        self.packages = []
        self.installs = []
        self.copiesFrom = []
        self.contextCopies = []
        self.args = []
        self.onbuild = []
        self.instructionCount = 1
        self.endLine = line
        self.users = []
        self.steps = []
    }

    /// The name if there is one, otherwise `stage N`.
    public var displayName: String { name ?? "stage \(index)" }

    private enum CodingKeys: String, CodingKey {
        case index, name, line, column, platform, from, user, workdir, healthcheck, exposedPorts, cmd, entrypoint
        case labels, environment, packages, installs, copiesFrom, contextCopies, manifestsBeforeSource, args, onbuild
        case instructionCount, endLine, users, steps
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(name, forKey: .name)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(platform, forKey: .platform)
        try c.encode(from, forKey: .from)
        try c.encode(user, forKey: .user)
        try c.encode(workdir, forKey: .workdir)
        try c.encode(healthcheck, forKey: .healthcheck)
        try c.encode(exposedPorts, forKey: .exposedPorts)
        try c.encode(cmd, forKey: .cmd)
        try c.encode(entrypoint, forKey: .entrypoint)
        try c.encode(labels, forKey: .labels)
        try c.encode(environment, forKey: .environment)
        try c.encode(packages, forKey: .packages)
        try c.encode(installs, forKey: .installs)
        try c.encode(copiesFrom, forKey: .copiesFrom)
        try c.encode(contextCopies, forKey: .contextCopies)
        try c.encode(manifestsBeforeSource, forKey: .manifestsBeforeSource)
        try c.encode(args, forKey: .args)
        try c.encode(onbuild, forKey: .onbuild)
        try c.encode(instructionCount, forKey: .instructionCount)
        try c.encode(endLine, forKey: .endLine)
        try c.encode(users, forKey: .users)
        try c.encode(steps, forKey: .steps)
    }
}

/// One instruction of a stage as written: keyword, arguments (continuations joined), line.
public struct StageStep: Sendable, Hashable, Codable {
    /// Upper-case keyword (`RUN`).
    public var instruction: String
    /// Everything after the keyword on the logical line, flags included.
    public var arguments: String
    /// First line.
    public var line: Int

    /// Creates a step.
    public init(instruction: String, arguments: String, line: Int) {
        self.instruction = instruction
        self.arguments = arguments
        self.line = line
    }
}
