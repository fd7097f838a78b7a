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
    /// The stage built instead of the last one (`docker build --target`), and what selects it; `nil` when the
    /// last stage is the image. ``finalStage`` is its index.
    public var target: BuildTarget?
    /// Values `docsgen.yml` gives for variables of the base image's environment (its `args` that no `ARG`
    /// declares), sorted by name.
    public var baseEnvironment: [ConfiguredValue] = []

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

    /// The stage that is built: the last one, or the ``target``.
    public var runtimeStage: Stage? { finalStage.map { stages[$0] } }

    /// The index of the stage a `--target` names (stage names compare case-insensitively, as BuildKit's do).
    public func stageIndex(named target: String) -> Int? {
        stages.firstIndex { $0.name == target.lowercased() }
    }

    /// Whether a compose service builds the stage these facts document (its `build.target`, or the last stage).
    public func isBuilt(by service: ComposeService) -> Bool {
        guard let build = service.build, build.dockerfilePath == path, !stages.isEmpty else { return false }
        let index = build.target.map { stageIndex(named: $0) } ?? stages.count - 1
        return index == finalStage
    }

    /// The stages the built stage needs: its `FROM <stage>` chain and every stage it copies from, in file order.
    public var neededStages: [Stage] {
        guard let final = finalStage else { return [] }
        var needed: Set<Int> = []
        var pending = [final]
        while let index = pending.popLast() {
            guard needed.insert(index).inserted else { continue }
            let stage = stages[index]
            if let parent = stage.from.stage { pending.append(parent) }
            pending += stage.copiesFrom.compactMap(\.stage)
        }
        return stages.filter { needed.contains($0.index) }
    }

    /// The location of a line in this Dockerfile.
    public func location(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    private enum CodingKeys: String, CodingKey {
        case name, path, syntax, escape, globalArgs, stages, finalStage, instructionCount, target, baseEnvironment
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
        try c.encode(target, forKey: .target)
        try c.encode(baseEnvironment, forKey: .baseEnvironment)
    }
}

/// The stage that is built instead of the last one, and what selects it.
public struct BuildTarget: Sendable, Hashable, Codable {
    /// The stage name as the selecting file writes it.
    public var stage: String
    /// What selects it: `docsgen.yml`, or the compose service that builds this target.
    public var selectedBy: String
    /// Where the target is written (`docsgen.yml` `target:` or the service's `build.target`).
    public var location: SourceLocation

    /// Creates a target.
    public init(stage: String, selectedBy: String, location: SourceLocation) {
        self.stage = stage
        self.selectedBy = selectedBy
        self.location = location
    }
}

/// A value `docsgen.yml` gives for a variable the base image defines.
public struct ConfiguredValue: Sendable, Hashable, Codable {
    /// The variable name.
    public var name: String
    /// The value given.
    public var value: String
    /// Where `docsgen.yml` gives it, when known.
    public var location: SourceLocation?

    /// Creates a configured value.
    public init(name: String, value: String, location: SourceLocation?) {
        self.name = name
        self.value = value
        self.location = location
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
    /// Variables the value refers to that neither the Dockerfile nor `docsgen.yml` defines: the base image may
    /// (`USER $APP_UID` in Microsoft's .NET images), so the value is unknown and ``value`` is the text as written.
    public var unresolved: [String]
    /// Variables the value refers to whose values `docsgen.yml` supplies for the base image (`args` the
    /// Dockerfile never declares as `ARG`).
    public var configured: [String]
    /// The text as written, when the value refers to variables the Dockerfile does not define.
    public var written: String?

    /// Creates a located value.
    public init(value: Value, line: Int, column: Int, stage: Int, unresolved: [String] = [], configured: [String] = [], written: String? = nil) {
        self.value = value
        self.line = line
        self.column = column
        self.stage = stage
        self.unresolved = unresolved
        self.configured = configured
        self.written = written
    }

    /// Whether the value is known: every variable it uses is defined by the Dockerfile or `docsgen.yml`.
    public var isResolved: Bool { unresolved.isEmpty }

    private enum CodingKeys: String, CodingKey { case value, line, column, stage, resolved, unresolved, configured, written }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(Value.self, forKey: .value)
        line = try c.decode(Int.self, forKey: .line)
        column = try c.decode(Int.self, forKey: .column)
        stage = try c.decode(Int.self, forKey: .stage)
        unresolved = try c.decodeIfPresent([String].self, forKey: .unresolved) ?? []
        configured = try c.decodeIfPresent([String].self, forKey: .configured) ?? []
        written = try c.decodeIfPresent(String.self, forKey: .written)
    }

    /// `resolved` always; the variables and the text as written only when the value depends on variables
    /// the Dockerfile does not define.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(stage, forKey: .stage)
        try c.encode(isResolved, forKey: .resolved)
        if !unresolved.isEmpty { try c.encode(unresolved, forKey: .unresolved) }
        if !configured.isEmpty { try c.encode(configured, forKey: .configured) }
        if let written { try c.encode(written, forKey: .written) }
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
