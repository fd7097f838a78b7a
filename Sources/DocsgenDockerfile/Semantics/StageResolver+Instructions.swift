import DocsgenCore

/// What each instruction inside a stage does to the stage's facts.
extension StageResolver {
    func apply(
        _ instruction: Instruction, to state: inout Inherited, states: [Inherited], stageNames: [String: Int],
        laterNames: [String: Int], globalArgs: [ArgumentDeclaration], meta: [String: String]
    ) throws(Failure) {
        let index = state.stage.index
        let line = instruction.startLine, column = instruction.column
        let expander = ShellExpander(environment: state.environment, escape: parsed.escape, budget: budget)
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
                for spec in try expand(word).split(whereSeparator: \.isWhitespace) {
                    let ports: [String]
                    do {
                        ports = try Self.exposedPorts(String(spec))
                    } catch {
                        throw fail("EXPOSE: \(error.message)", id: "dockerfile.invalid-port", instruction)
                    }
                    for port in ports where !state.stage.exposedPorts.contains(where: { $0.value == port }) {
                        state.stage.exposedPorts.append(StageValue(value: port, line: line, column: column, stage: index))
                    }
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
                let name = try expand(instruction.values[pair])
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

    func arguments(_ instruction: Instruction, environment: [String: String]) throws(Failure) -> [ArgumentDeclaration] {
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
                let expander = ShellExpander(environment: environment, escape: parsed.escape, budget: budget)
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

    func commandLine(_ instruction: Instruction, stage: Int) -> ContainerCommand {
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

    struct PortError: Error {
        var message: String
    }

    /// BuildKit's `parsePortSpec` for EXPOSE: `[ip:][host:]container[-end][/proto]`, container ports expanded
    /// (`80-82/udp` → `80/udp`, `81/udp`, `82/udp`).
    static func exposedPorts(_ spec: String) throws(PortError) -> [String] {
        var text = Substring(spec)
        var proto = "tcp"
        if let slash = text.lastIndex(of: "/") {
            proto = text[text.index(after: slash)...].lowercased()
            text = text[..<slash]
            guard ["tcp", "udp", "sctp"].contains(proto) else { throw PortError(message: "invalid proto: \(proto)") }
        }
        let container = text.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let bounds = container.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count), let low = UInt16(bounds[0]) else {
            throw PortError(message: "invalid containerPort: \(container)")
        }
        let high = bounds.count == 2 ? UInt16(bounds[1]) : low
        guard let high, high >= low else { throw PortError(message: "invalid containerPort: \(container)") }
        return (low...high).map { "\($0)/\(proto)" }
    }

    func healthcheck(_ instruction: Instruction, stage: Int) throws(Failure) -> Healthcheck {
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
            if value.isEmpty { continue }  // BuildKit: an empty duration means "use the default"
            guard let seconds = GoDuration.seconds(value), seconds >= 0 else {
                throw fail("invalid duration '\(value)' for --\(name) (use Go durations such as 30s or 1m30s)", id: "dockerfile.healthcheck", instruction)
            }
            if seconds > 0 && seconds < 0.001 {
                throw fail("--\(name) cannot be less than 1ms", id: "dockerfile.healthcheck", instruction)
            }
            if seconds == 0 { continue }  // 0 also means the default in Docker
            switch name {
            case "interval": check.interval = seconds
            case "timeout": check.timeout = seconds
            case "start-period": check.startPeriod = seconds
            default: check.startInterval = seconds
            }
        }
        return check
    }

    func analyzeRun(_ instruction: Instruction, state: inout Inherited) {
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

    func copy(
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
        guard let fromFlag = instruction.flags.last(where: { $0.hasPrefix("--from=") && $0 != "--from=" }) else {
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
}
