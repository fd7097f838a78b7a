import DocsgenCore

/// Gives meaning to parsed instructions: stages, ARG substitution, effective settings inherited through
/// `FROM <stage>`, packages and copies. Stops at the first error, as `docker build` does.
struct StageResolver {
    let path: String
    let parsed: ParsedDockerfile
    let buildArgs: [String: String]

    struct Failure: Error {
        var message: String
        var id: String
        var line: Int
        var column: Int
    }

    static let knownInstructions: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label", "maintainer",
        "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    static let allowedFlags: [String: Set<String>] = [
        "from": ["platform"],
        "copy": ["from", "chown", "chmod", "link", "parents", "exclude"],
        "add": ["chown", "chmod", "link", "keep-git-dir", "checksum", "exclude", "unpack"],
        "run": ["mount", "network", "security", "device"],
        "healthcheck": ["interval", "timeout", "start-period", "start-interval", "retries"],
    ]

    /// Per-stage state that later stages inherit through `FROM <stage>`.
    private struct Inherited {
        var stage: Stage
        var environment: [String: String] = [:]
        var cmdSetHere = false
    }

    func resolve() throws(Failure) -> DockerfileFacts {
        var globalArgs: [ArgumentDeclaration] = []
        var metaEnvironment: [String: String] = [:]
        var states: [Inherited] = []
        var stageNames: [String: Int] = [:]
        let laterNames = Self.stageNames(parsed.instructions)

        if parsed.instructions.isEmpty {
            throw Failure(message: "the Dockerfile has no instructions", id: "dockerfile.no-instructions", line: 1, column: 1)
        }

        for instruction in parsed.instructions {
            let command = instruction.command
            try checkKnown(instruction.keyword, instruction)
            try checkFlags(instruction, command: command)
            if command == "onbuild" { try checkTrigger(instruction) }

            if states.isEmpty && command != "from" {
                guard command == "arg" else {
                    throw fail(
                        "\(instruction.keyword.uppercased()) must come after a FROM instruction; only ARG may precede the first FROM",
                        id: "dockerfile.no-from", instruction)
                }
                for declaration in try arguments(instruction, environment: metaEnvironment) {
                    globalArgs.append(declaration)
                    if let value = buildArgs[declaration.name] ?? declaration.default {
                        metaEnvironment[declaration.name] = value
                    }
                }
                continue
            }

            if command == "from" {
                let state = try stage(
                    instruction, index: states.count, states: states, stageNames: &stageNames, meta: metaEnvironment)
                states.append(state)
                continue
            }

            var state = states[states.count - 1]
            state.stage.instructionCount += 1
            state.stage.endLine = instruction.endLine
            try apply(instruction, to: &state, states: states, stageNames: stageNames, laterNames: laterNames,
                      globalArgs: globalArgs, meta: metaEnvironment)
            states[states.count - 1] = state
        }

        guard !states.isEmpty else {
            let last = parsed.instructions[parsed.instructions.count - 1]
            throw fail("the Dockerfile has no FROM instruction, so there is no stage to build", id: "dockerfile.no-stages", last)
        }
        var stages = states.map(\.stage)
        for index in stages.indices {
            stages[index].manifestsBeforeSource = Self.manifestsBeforeSource(stages[index].contextCopies)
        }
        return DockerfileFacts(
            name: "", path: path, syntax: parsed.syntax, escape: String(parsed.escape), globalArgs: globalArgs,
            stages: stages, finalStage: stages.count - 1, instructionCount: parsed.instructions.count)
    }

    // MARK: - Checks

    private func fail(_ message: String, id: String, _ instruction: Instruction) -> Failure {
        Failure(message: message, id: id, line: instruction.startLine, column: instruction.column)
    }

    private func checkKnown(_ keyword: String, _ instruction: Instruction) throws(Failure) {
        guard Self.knownInstructions.contains(keyword.lowercased()) else {
            let suggestion = Self.suggestion(for: keyword.lowercased()).map { " (did you mean \($0.uppercased())?)" } ?? ""
            throw fail("unknown instruction: \(keyword.uppercased())\(suggestion)", id: "dockerfile.unknown-instruction", instruction)
        }
    }

    private func checkFlags(_ instruction: Instruction, command: String) throws(Failure) {
        let allowed = Self.allowedFlags[command] ?? []
        for flag in instruction.flags {
            guard flag.hasPrefix("--") else {
                throw fail("arg should start with -- : \(flag)", id: "dockerfile.unknown-flag", instruction)
            }
            let name = String(flag.dropFirst(2).prefix { $0 != "=" })
            guard allowed.contains(name) else {
                throw fail("unknown flag: \(name)", id: "dockerfile.unknown-flag", instruction)
            }
        }
    }

    private func checkTrigger(_ instruction: Instruction) throws(Failure) {
        guard let trigger = instruction.trigger else {
            throw fail("ONBUILD requires at least one argument", id: "dockerfile.missing-argument", instruction)
        }
        let command = trigger.keyword.lowercased()
        if command == "onbuild" {
            throw fail("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", id: "dockerfile.onbuild-trigger", instruction)
        }
        if command == "from" || command == "maintainer" {
            throw fail("\(trigger.keyword.uppercased()) isn't allowed as an ONBUILD trigger", id: "dockerfile.onbuild-trigger", instruction)
        }
        try checkKnown(trigger.keyword, instruction)
    }

    /// The closest known instruction within edit distance 2, as BuildKit suggests.
    static func suggestion(for word: String) -> String? {
        knownInstructions.sorted().map { ($0, editDistance($0, word)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }

    /// Stage names by the index of the FROM that declares them, for "later stage" errors.
    static func stageNames(_ instructions: [Instruction]) -> [String: Int] {
        var names: [String: Int] = [:]
        var index = 0
        for instruction in instructions where instruction.command == "from" {
            if instruction.values.count == 3 {
                let name = instruction.values[2].lowercased()
                if names[name] == nil { names[name] = index }
            }
            index += 1
        }
        return names
    }

    // MARK: - FROM

    private func stage(
        _ instruction: Instruction, index: Int, states: [Inherited], stageNames: inout [String: Int],
        meta: [String: String]
    ) throws(Failure) -> Inherited {
        let values = instruction.values
        var name: String?
        switch values.count {
        case 3 where values[1].lowercased() == "as":
            let stageName = values[2].lowercased()
            guard Self.isValidStageName(stageName) else {
                throw fail(
                    "invalid name for build stage: \"\(values[2])\", name can't start with a number or contain symbols",
                    id: "dockerfile.invalid-stage-name", instruction)
            }
            guard stageNames[stageName] == nil else {
                throw fail("duplicate stage name \"\(stageName)\"", id: "dockerfile.duplicate-stage-name", instruction)
            }
            name = stageName
        case 1:
            break
        default:
            throw fail("FROM requires either one or three arguments", id: "dockerfile.from-arguments", instruction)
        }
        let expander = ShellExpander(environment: meta, escape: parsed.escape)
        let text = values[0]
        let resolved: String
        do {
            resolved = try expander.expand(text)
        } catch {
            throw fail("invalid base image \(text): \(error.message)", id: "dockerfile.substitution", instruction)
        }
        guard !resolved.isEmpty else {
            throw fail("base name (\(text)) should not be blank", id: "dockerfile.blank-base-name", instruction)
        }
        var platform: String?
        for flag in instruction.flags where flag.hasPrefix("--platform=") {
            let value = String(flag.dropFirst("--platform=".count))
            platform = (try? expander.expand(value)) ?? value
        }

        var state: Inherited
        if let parent = stageNames[resolved.lowercased()] {
            var stage = states[parent].stage
            stage.index = index
            stage.name = name
            stage.line = instruction.startLine
            stage.column = instruction.column
            stage.platform = platform
            stage.from = BaseImage(text: text, image: nil, stage: parent, scratch: false, pinning: nil)
            stage.packages = []
            stage.installs = []
            stage.copiesFrom = []
            stage.contextCopies = []
            stage.args = []
            stage.onbuild = []
            stage.instructionCount = 1
            stage.endLine = instruction.endLine
            state = Inherited(stage: stage, environment: states[parent].environment)
        } else if resolved == "scratch" {
            state = Inherited(stage: Stage(
                index: index, name: name, line: instruction.startLine, column: instruction.column, platform: platform,
                from: BaseImage(text: text, image: nil, stage: nil, scratch: true, pinning: nil)))
        } else {
            state = Inherited(stage: Stage(
                index: index, name: name, line: instruction.startLine, column: instruction.column, platform: platform,
                from: BaseImage(text: text, image: resolved, stage: nil, scratch: false, pinning: Pinning(reference: resolved))))
        }
        if let name { stageNames[name] = index }
        return state
    }

    static func isValidStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    // MARK: - Instructions inside a stage

    private func apply(
        _ instruction: Instruction, to state: inout Inherited, states: [Inherited], stageNames: [String: Int],
        laterNames: [String: Int], globalArgs: [ArgumentDeclaration], meta: [String: String]
    ) throws(Failure) {
        let index = state.stage.index
        let line = instruction.startLine, column = instruction.column
        let expander = ShellExpander(environment: state.environment, escape: parsed.escape)
        func expand(_ word: String) throws(Failure) -> String {
            do {
                return try expander.expand(word)
            } catch {
                throw fail("\(instruction.keyword.uppercased()): \(error.message)", id: "dockerfile.substitution", instruction)
            }
        }
        func requireOne(_ what: String = "exactly one argument") throws(Failure) -> String {
            guard let value = instruction.values.first, !value.isEmpty else {
                throw fail("\(instruction.keyword.uppercased()) requires \(what)", id: "dockerfile.missing-argument", instruction)
            }
            return value
        }
        func requireSome() throws(Failure) {
            if instruction.values.isEmpty || instruction.values == [""] {
                throw fail("\(instruction.keyword.uppercased()) requires at least one argument", id: "dockerfile.missing-argument", instruction)
            }
        }

        switch instruction.command {
        case "user":
            state.stage.user = StageValue(value: try expand(try requireOne()), line: line, column: column, stage: index)
        case "workdir":
            var path = try expand(try requireOne())
            if !Self.isAbsolutePath(path) {
                let base = state.stage.workdir?.value ?? "/"
                path = base.hasSuffix("/") ? base + path : base + "/" + path
            }
            state.stage.workdir = StageValue(value: path, line: line, column: column, stage: index)
        case "expose":
            try requireSome()
            for word in instruction.values {
                let port = Self.normalisedPort(try expand(word))
                if !state.stage.exposedPorts.contains(where: { $0.value == port }) {
                    state.stage.exposedPorts.append(StageValue(value: port, line: line, column: column, stage: index))
                }
            }
        case "cmd":
            state.stage.cmd = commandLine(instruction, stage: index)
            state.cmdSetHere = true
        case "entrypoint":
            state.stage.entrypoint = commandLine(instruction, stage: index)
            if !state.cmdSetHere { state.stage.cmd = nil }
        case "healthcheck":
            try requireSome()
            state.stage.healthcheck = try healthcheck(instruction, stage: index)
        case "label":
            try requireSome()
            for pair in stride(from: 0, to: instruction.values.count - 1, by: 2) {
                let key = try expand(instruction.values[pair])
                let value = try expand(instruction.values[pair + 1])
                state.stage.labels.removeAll { $0.key == key }
                state.stage.labels.append(Label(key: key, value: value, line: line, column: column, stage: index))
            }
        case "env":
            try requireSome()
            for pair in stride(from: 0, to: instruction.values.count - 1, by: 2) {
                let name = instruction.values[pair]
                let value = try expand(instruction.values[pair + 1])
                state.environment[name] = value
                state.stage.environment.removeAll { $0.value == name }
                state.stage.environment.append(StageValue(value: name, line: line, column: column, stage: index))
            }
        case "arg":
            for declaration in try arguments(instruction, environment: state.environment) {
                state.stage.args.append(declaration)
                let global = globalArgs.last { $0.name == declaration.name }.flatMap { meta[$0.name] }
                if let value = buildArgs[declaration.name] ?? declaration.default ?? global {
                    if state.environment[declaration.name] == nil || declaration.default != nil || buildArgs[declaration.name] != nil {
                        state.environment[declaration.name] = value
                    }
                }
            }
        case "run":
            if instruction.values.isEmpty && instruction.heredocs.isEmpty {
                throw fail("RUN requires at least one argument", id: "dockerfile.missing-argument", instruction)
            }
            analyzeRun(instruction, state: &state)
        case "copy", "add":
            try copy(instruction, state: &state, stageNames: stageNames, laterNames: laterNames, expand: expand)
        case "shell":
            try requireSome()
            guard instruction.isJSON else {
                throw fail("SHELL requires the arguments to be in JSON form", id: "dockerfile.shell-form", instruction)
            }
        case "volume":
            try requireSome()
        case "stopsignal", "maintainer":
            _ = try requireOne()
        case "onbuild":
            let text = instruction.trigger?.original ?? ""
            state.stage.onbuild.append(StageValue(value: text, line: line, column: column, stage: index))
        default:
            break
        }
    }

    private func arguments(_ instruction: Instruction, environment: [String: String]) throws(Failure) -> [ArgumentDeclaration] {
        guard !instruction.values.isEmpty else {
            throw fail("ARG requires at least one argument", id: "dockerfile.missing-argument", instruction)
        }
        var environment = environment
        var declarations: [ArgumentDeclaration] = []
        for word in instruction.values {
            let name: String
            var value: String?
            if let eq = word.firstIndex(of: "=") {
                name = String(word[..<eq])
                let expander = ShellExpander(environment: environment, escape: parsed.escape)
                do {
                    value = try expander.expand(String(word[word.index(after: eq)...]))
                } catch {
                    throw fail("ARG \(name): \(error.message)", id: "dockerfile.substitution", instruction)
                }
            } else {
                name = word
            }
            guard !name.isEmpty else {
                throw fail("ARG names can not be blank", id: "dockerfile.missing-argument", instruction)
            }
            if let effective = buildArgs[name] ?? value { environment[name] = effective }
            declarations.append(ArgumentDeclaration(name: name, default: value, line: instruction.startLine, column: instruction.column))
        }
        return declarations
    }

    private func commandLine(_ instruction: Instruction, stage: Int) -> ContainerCommand {
        ContainerCommand(
            form: instruction.isJSON ? .exec : .shell, args: instruction.values, line: instruction.startLine,
            column: instruction.column, stage: stage)
    }

    /// `/x`, `\\x` and Windows drive paths (`C:\\app`) are absolute.
    static func isAbsolutePath(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("\\") { return true }
        let chars = Array(path.prefix(3))
        return chars.count >= 2 && chars[0].isLetter && chars[1] == ":"
    }

    static func normalisedPort(_ text: String) -> String {
        let parts = text.split(separator: "/", maxSplits: 1)
        let port = parts.first.map(String.init) ?? text
        let proto = parts.count > 1 ? parts[1].lowercased() : "tcp"
        return "\(port)/\(proto)"
    }

    private func healthcheck(_ instruction: Instruction, stage: Int) throws(Failure) -> Healthcheck {
        let type = instruction.values[0].uppercased()
        let args = Array(instruction.values.dropFirst())
        var check = Healthcheck(
            kind: .none, test: [], interval: nil, timeout: nil, startPeriod: nil, startInterval: nil, retries: nil,
            line: instruction.startLine, column: instruction.column, stage: stage)
        switch type {
        case "NONE":
            guard args.isEmpty else {
                throw fail("HEALTHCHECK NONE takes no arguments", id: "dockerfile.healthcheck", instruction)
            }
            return check
        case "CMD":
            guard !args.isEmpty, args != [""] else {
                throw fail("Missing command after HEALTHCHECK CMD", id: "dockerfile.healthcheck", instruction)
            }
            check.kind = instruction.isJSON ? .cmd : .cmdShell
            check.test = args
        default:
            throw fail("Unknown type \"\(type)\" in HEALTHCHECK (try CMD)", id: "dockerfile.healthcheck", instruction)
        }
        for flag in instruction.flags {
            let body = flag.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let value = body.contains("=") ? String(body[body.index(after: body.firstIndex(of: "=")!)...]) : ""
            if name == "retries" {
                guard let retries = Int(value), retries >= 0 else {
                    throw fail("--retries must be a whole number, not '\(value)'", id: "dockerfile.healthcheck", instruction)
                }
                check.retries = retries
                continue
            }
            guard let seconds = GoDuration.seconds(value), seconds >= 0 else {
                throw fail("invalid duration '\(value)' for --\(name) (use Go durations such as 30s or 1m30s)", id: "dockerfile.healthcheck", instruction)
            }
            if seconds > 0 && seconds < 0.001 {
                throw fail("--\(name) cannot be less than 1ms", id: "dockerfile.healthcheck", instruction)
            }
            switch name {
            case "interval": check.interval = seconds
            case "timeout": check.timeout = seconds
            case "start-period": check.startPeriod = seconds
            default: check.startInterval = seconds
            }
        }
        return check
    }

    private func analyzeRun(_ instruction: Instruction, state: inout Inherited) {
        var script = instruction.isJSON ? instruction.values.joined(separator: " ") : (instruction.values.first ?? "")
        for heredoc in instruction.heredocs { script += "\n" + heredoc.content }
        var mounts: [String] = []
        for flag in instruction.flags where flag.hasPrefix("--mount=") {
            let options = flag.dropFirst("--mount=".count).split(separator: ",")
            let isCache = options.contains { $0 == "type=cache" }
            if isCache, let target = options.first(where: { $0.hasPrefix("target=") || $0.hasPrefix("dst=") || $0.hasPrefix("destination=") }) {
                mounts.append(String(target.split(separator: "=", maxSplits: 1)[1]))
            }
        }
        let analyzer = RunAnalyzer(environment: state.environment)
        let commands = RunAnalyzer.commands(in: script)
        for account in analyzer.accounts(in: commands) {
            state.stage.users.append(UserAccount(
                name: account.name, uid: account.uid, line: instruction.startLine, column: instruction.column,
                stage: state.stage.index))
        }
        for finding in analyzer.analyze(commands, cacheMountTargets: mounts) {
            state.stage.installs.append(PackageInstall(
                manager: finding.manager, line: instruction.startLine, column: instruction.column,
                packages: finding.packages, requirementFiles: finding.requirementFiles,
                cacheCleaned: finding.cacheCleaned, command: finding.command))
            for name in finding.packages {
                state.stage.packages.append(Package(manager: finding.manager, name: name, line: instruction.startLine, column: instruction.column))
            }
        }
    }

    private func copy(
        _ instruction: Instruction, state: inout Inherited, stageNames: [String: Int], laterNames: [String: Int],
        expand: (String) throws(Failure) -> String
    ) throws(Failure) {
        let keyword = instruction.keyword.uppercased()
        guard instruction.values.count >= 2 else {
            throw fail(
                "\(keyword) requires at least two arguments, but only one was provided. Destination could not be determined.",
                id: "dockerfile.missing-argument", instruction)
        }
        var sources: [String] = []
        for word in instruction.values.dropLast() where HeredocScanner.heredoc(word) == nil || instruction.isJSON {
            sources.append(try expand(word))
        }
        let destination = try expand(instruction.values[instruction.values.count - 1])
        let index = state.stage.index
        guard let fromFlag = instruction.flags.first(where: { $0.hasPrefix("--from=") }) else {
            if !sources.isEmpty {
                state.stage.contextCopies.append(ContextCopy(
                    instruction: instruction.command, sources: sources, destination: destination,
                    isManifest: sources.allSatisfy(Self.isManifest), line: instruction.startLine, column: instruction.column))
            }
            return
        }
        let written = String(fromFlag.dropFirst("--from=".count))
        let from = try expand(written)
        var copy = StageCopy(stage: nil, image: nil, sources: sources, destination: destination, line: instruction.startLine, column: instruction.column)
        if let number = Int(from) {
            if number == index {
                throw fail("\(keyword) --from=\(written) refers to the current build stage", id: "dockerfile.copy-from-current-stage", instruction)
            }
            guard number >= 0, number < index else {
                throw fail("\(keyword) --from=\(written): index out of bounds", id: "dockerfile.stage-index-out-of-bounds", instruction)
            }
            copy.stage = number
        } else if let stage = stageNames[from.lowercased()] {
            if stage == index {
                throw fail("\(keyword) --from=\(written) refers to the current build stage", id: "dockerfile.copy-from-current-stage", instruction)
            }
            copy.stage = stage
        } else if laterNames[from.lowercased()] != nil {
            throw fail("\(keyword) --from=\(written) refers to a later build stage", id: "dockerfile.copy-from-later-stage", instruction)
        } else {
            copy.image = from
        }
        state.stage.copiesFrom.append(copy)
    }

    // MARK: - Layer-cache order

    static let manifestNames = [
        "requirements.txt", "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
        "Pipfile", "Pipfile.lock", "poetry.lock", "pyproject.toml", "go.mod", "go.sum", "Gemfile", "Gemfile.lock",
        "Cargo.toml", "Cargo.lock", "composer.json", "composer.lock", "uv.lock",
    ]

    /// Whether a source path or pattern names only dependency manifests.
    static func isManifest(_ source: String) -> Bool {
        let base = source.split(separator: "/").last.map(String.init) ?? source
        if base.hasPrefix("requirements") && base.hasSuffix(".txt") { return true }
        return manifestNames.contains { Glob.matches(pattern: base, name: $0) }
    }

    /// `true` when every manifest copy precedes the first other copy from the context; `nil` without manifests.
    static func manifestsBeforeSource(_ copies: [ContextCopy]) -> Bool? {
        guard let lastManifest = copies.lastIndex(where: \.isManifest) else { return nil }
        guard let firstSource = copies.firstIndex(where: { !$0.isManifest }) else { return true }
        return lastManifest < firstSource
    }
}

/// Go's `time.ParseDuration` for the units Docker accepts.
enum GoDuration {
    static func seconds(_ text: String) -> Double? {
        if text == "0" { return 0 }
        var rest = Substring(text)
        var total = 0.0
        var sign = 1.0
        if rest.first == "-" || rest.first == "+" {
            sign = rest.first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isNumber && $0 != "." }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1e-9
            case "us", "µs", "μs": scale = 1e-6
            case "ms": scale = 1e-3
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            default: return nil
            }
            total += value * scale
        }
        return sign * total
    }
}

/// Shell-style glob matching with `*`, `?` and `[…]`, enough for Docker source patterns.
enum Glob {
    static func matches(pattern: String, name: String) -> Bool {
        match(Array(pattern), 0, Array(name), 0)
    }

    private static func match(_ p: [Character], _ pi: Int, _ n: [Character], _ ni: Int) -> Bool {
        var pi = pi, ni = ni
        while pi < p.count {
            switch p[pi] {
            case "*":
                if pi + 1 == p.count { return true }
                for start in ni...n.count where match(p, pi + 1, n, start) { return true }
                return false
            case "?":
                guard ni < n.count else { return false }
            case "[":
                guard ni < n.count, let close = p[(pi + 1)...].firstIndex(of: "]") else { return false }
                let set = p[(pi + 1)..<close]
                var found = false
                var i = set.startIndex
                while i < set.endIndex {
                    if i + 2 < set.endIndex, set[i + 1] == "-" {
                        if set[i] <= n[ni] && n[ni] <= set[i + 2] { found = true }
                        i += 3
                    } else {
                        if set[i] == n[ni] { found = true }
                        i += 1
                    }
                }
                guard found else { return false }
                pi = close
            default:
                guard ni < n.count, p[pi] == n[ni] else { return false }
            }
            pi += 1
            ni += 1
        }
        return ni == n.count
    }
}
