import DocsgenCore

/// What each instruction inside a stage does to the stage's facts.
extension StageResolver {
    func apply(
        _ instruction: Instruction, flags: BuildFlags, to state: inout Inherited, states: [Inherited],
        allNames: [String: Int], globalArgs: [ArgumentDeclaration], meta: [String: String]
    ) throws(Failure) {
        let index = state.stage.index
        let line = instruction.startLine, column = instruction.column
        let expander = ShellExpander(environment: state.visibleEnvironment, escape: parsed.escape, budget: budget)
        /// A value set from `word`, marked unresolved when it uses variables only the base image can define.
        func located(_ value: String, written word: String) -> StageValue<String> {
            var result = StageValue(value: value, line: line, column: column, stage: index)
            let names = expander.references(in: word).filter { state.environment[$0] == nil }
            result.configured = names.filter { state.baseEnvironment[$0] != nil }
            if !state.fromScratch { result.unresolved = names.filter { state.baseEnvironment[$0] == nil } }
            if !result.unresolved.isEmpty { result.value = word }
            if !result.unresolved.isEmpty || !result.configured.isEmpty { result.written = word }
            return result
        }
        func expand(_ word: String) throws(Failure) -> String {
            do {
                return try expander.expand(word)
            } catch {
                throw fail("\(instruction.keyword.uppercased()): \(error.message)", id: "dockerfile.substitution", instruction)
            }
        }
        switch instruction.command {
        case "user":
            let word = instruction.values[0]
            state.stage.user = located(try expand(word), written: word)
        case "workdir":
            let word = instruction.values[0]
            var path = try expand(word)
            if !Self.isAbsolutePath(path) {
                let base = state.stage.workdir?.value ?? "/"
                path = base.hasSuffix("/") ? base + path : base + "/" + path
            }
            state.stage.workdir = located(path, written: word)
        case "expose":
            for word in instruction.values {
                let value = located(word, written: word)
                if !value.isResolved {
                    // The port is the base image's variable: kept as written, not parsed.
                    if !state.stage.exposedPorts.contains(where: { $0.value == word }) { state.stage.exposedPorts.append(value) }
                    continue
                }
                for spec in try expand(word).split(whereSeparator: \.isWhitespace) {
                    let ports: [String]
                    do {
                        ports = try PortSpec.ports(String(spec))
                    } catch {
                        throw fail(error.message, id: "dockerfile.invalid-port", instruction)
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
            state.stage.healthcheck = healthcheck(instruction, flags: flags, stage: index)
        case "label":
            for pair in stride(from: 0, to: instruction.values.count - 1, by: 2) {
                let key = try expand(instruction.values[pair])
                let value = try expand(instruction.values[pair + 1])
                state.stage.labels.removeAll { $0.key == key }
                state.stage.labels.append(Label(key: key, value: value, line: line, column: column, stage: index))
            }
        case "env":
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
            let mounts = try checkRun(instruction, flags: flags, state: state, allNames: allNames, expander: expander)
            analyzeRun(instruction, mounts: mounts, state: &state)
        case "copy", "add":
            try copy(instruction, flags: flags, state: &state, allNames: allNames, expander: expander, expand: expand)
        case "volume":
            for word in instruction.values where state.knows(word, expander) {
                if try expand(word).isEmpty {
                    throw fail("VOLUME specified can not be an empty string", id: "dockerfile.empty-volume", instruction)
                }
            }
        case "stopsignal":
            let word = instruction.values[0]
            if state.knows(word, expander), let message = Self.signalError(try expand(word)) {
                throw fail(message, id: "dockerfile.stop-signal", instruction)
            }
        case "onbuild":
            if let trigger = instruction.trigger {
                state.triggers.append(Instruction(
                    keyword: trigger.keyword, original: trigger.original, startLine: line, endLine: line, column: column,
                    flags: trigger.flags, values: trigger.values, isJSON: trigger.isJSON, heredocs: [], trigger: nil))
                state.stage.onbuild.append(StageValue(value: trigger.original, line: line, column: column, stage: index))
            }
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

    /// The health check facts; ``checked(_:)`` has already rejected what BuildKit rejects.
    func healthcheck(_ instruction: Instruction, flags: BuildFlags, stage: Int) -> Healthcheck {
        var check = Healthcheck(
            kind: .none, test: [], interval: nil, timeout: nil, startPeriod: nil, startInterval: nil, retries: nil,
            line: instruction.startLine, column: instruction.column, stage: stage)
        guard instruction.values[0].uppercased() == "CMD" else { return check }
        check.kind = instruction.isJSON ? .cmd : .cmdShell
        check.test = Array(instruction.values.dropFirst())
        // An empty or zero duration means Docker's default.
        func seconds(_ name: String) -> Double? { flags.string(name).flatMap(GoDuration.seconds).flatMap { $0 == 0 ? nil : $0 } }
        check.interval = seconds("interval")
        check.timeout = seconds("timeout")
        check.startPeriod = seconds("start-period")
        check.startInterval = seconds("start-interval")
        check.retries = flags.string("retries").flatMap { Int($0) }
        return check
    }

    /// `STOPSIGNAL`: a signal number other than 0, or a Linux signal name with or without `SIG`
    /// (`moby/sys/signal.ParseSignal`); `nil` when valid.
    static func signalError(_ signal: String) -> String? {
        if let number = Int(signal) { return number == 0 ? "invalid signal: \(signal)" : nil }
        var name = signal.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        let names: Set<String> = [
            "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL",
            "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG",
            "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX",
        ]
        let realtime = (1...15).map { "RTMIN+\($0)" } + (1...14).map { "RTMAX-\($0)" }
        return names.contains(name) || realtime.contains(name) ? nil : "invalid signal: \(signal)"
    }
}
