import DocsgenCore

/// The checks BuildKit's `instructions.Parse` makes on every instruction before it builds any stage
/// (`frontend/dockerfile/instructions/parse.go` and `bflag.go`, `dockerfile/1.26.0`), with its messages.
extension StageResolver {
    static let knownInstructions: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label", "maintainer",
        "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    /// Checks every instruction in order, that only `ARG` comes before the first `FROM`, and that there is a
    /// stage to build.
    ///
    /// - Returns: The flags of each instruction, in the order of `instructions`.
    func checkInstructions(_ instructions: [Instruction]) throws(Failure) -> [BuildFlags] {
        var flags: [BuildFlags] = []
        var hasStage = false
        for instruction in instructions {
            flags.append(try checked(instruction))
            if instruction.command == "from" {
                hasStage = true
            } else if !hasStage && instruction.command != "arg" {
                throw fail(
                    "no build stage in current context (\(instruction.keyword.uppercased()) comes before the first FROM; "
                        + "only ARG may)", id: "dockerfile.no-from", instruction)
            }
        }
        if !hasStage, let last = instructions.last {
            throw fail("dockerfile contains no stages to build", id: "dockerfile.no-stages", last)
        }
        return flags
    }

    /// One instruction's checks, in BuildKit's order; the flags it declares are parsed on the way.
    func checked(_ instruction: Instruction) throws(Failure) -> BuildFlags {
        let keyword = instruction.command.uppercased()
        let values = instruction.values
        func parseFlags() throws(Failure) -> BuildFlags {
            do {
                return try BuildFlags(instruction.flags, declared: BuildFlags.declared[instruction.command] ?? [:])
            } catch {
                throw fail(error.message, id: error.id, instruction)
            }
        }
        func require(_ condition: Bool, _ what: String) throws(Failure) {
            if !condition { throw fail("\(keyword) requires \(what)", id: "dockerfile.missing-argument", instruction) }
        }
        switch instruction.command {
        case "env", "label":
            let flags = try parseFlags()
            try require(!values.isEmpty, "at least one argument")
            for name in stride(from: 0, to: values.count, by: 2) where values[name].isEmpty {
                throw fail("\(keyword) names can not be blank", id: "dockerfile.blank-name", instruction)
            }
            return flags
        case "maintainer", "workdir", "user":
            try require(values.count == 1, "exactly one argument")
            return try parseFlags()
        case "stopsignal":
            try require(values.count == 1, "exactly one argument")
            return BuildFlags()
        case "add", "copy":
            guard values.count >= 2 else {
                throw fail(
                    "\(keyword) requires at least two arguments, but only one was provided. Destination could not be "
                        + "determined", id: "dockerfile.missing-argument", instruction)
            }
            let flags = try parseFlags()
            if HeredocScanner.heredoc(values[values.count - 1]) != nil {
                throw fail("\(keyword) cannot accept a heredoc as a destination", id: "dockerfile.heredoc-destination", instruction)
            }
            return flags
        case "from":
            try checkStageName(instruction)
            return try parseFlags()
        case "onbuild":
            guard let trigger = instruction.trigger else {
                throw fail("ONBUILD requires at least one argument", id: "dockerfile.missing-argument", instruction)
            }
            let flags = try parseFlags()
            switch trigger.keyword.uppercased() {
            case "ONBUILD":
                throw fail("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", id: "dockerfile.onbuild-trigger", instruction)
            case "MAINTAINER", "FROM":
                throw fail(
                    "\(trigger.keyword.uppercased()) isn't allowed as an ONBUILD trigger", id: "dockerfile.onbuild-trigger",
                    instruction)
            default:
                return flags
            }
        case "run":
            let flags = try parseFlags()
            try checkRunFlags(flags, instruction)
            return flags
        case "cmd", "entrypoint":
            return try parseFlags()
        case "healthcheck":
            try require(!values.isEmpty, "at least one argument")
            if values[0].uppercased() == "NONE" {
                if values.count > 1 {
                    throw fail("HEALTHCHECK NONE takes no arguments", id: "dockerfile.healthcheck", instruction)
                }
                return BuildFlags()
            }
            let flags = try parseFlags()
            try checkHealthcheck(instruction, flags: flags)
            return flags
        case "expose":
            try require(!values.isEmpty, "at least one argument")
            return try parseFlags()
        case "volume":
            try require(!values.isEmpty, "at least one argument")
            let flags = try parseFlags()
            if values.contains(where: { $0.trimmingWhitespace().isEmpty }) {
                throw fail("VOLUME specified can not be an empty string", id: "dockerfile.empty-volume", instruction)
            }
            return flags
        case "arg":
            try require(!values.isEmpty, "at least one argument")
            if values.contains(where: { $0.hasPrefix("=") }) {
                throw fail("ARG names can not be blank", id: "dockerfile.blank-name", instruction)
            }
            return BuildFlags()
        case "shell":
            let flags = try parseFlags()
            try require(!values.isEmpty, "at least one argument")
            if !instruction.isJSON {
                throw fail("SHELL requires the arguments to be in JSON form", id: "dockerfile.shell-form", instruction)
            }
            return flags
        default:
            let suggestion = Suggestion.closest(to: instruction.keyword, among: Self.knownInstructions, caseSensitive: false)
            throw fail(
                "unknown instruction: \(instruction.keyword)\(suggestion.map { " (did you mean \($0)?)" } ?? "")",
                id: "dockerfile.unknown-instruction", instruction)
        }
    }

    /// `FROM image [AS name]`: one or three words, and a name that starts with a letter.
    private func checkStageName(_ instruction: Instruction) throws(Failure) {
        let values = instruction.values
        if values.count == 3 && values[1].lowercased() == "as" {
            guard Self.isValidStageName(values[2].lowercased()) else {
                throw fail(
                    "invalid name for build stage: \"\(values[2])\", name can't start with a number or contain symbols",
                    id: "dockerfile.invalid-stage-name", instruction)
            }
        } else if values.count != 1 {
            throw fail("FROM requires either one or three arguments", id: "dockerfile.from-arguments", instruction)
        }
    }

    /// The RUN hooks that read `--device`, `--mount`, `--network` and `--security` when the instruction is parsed.
    private func checkRunFlags(_ flags: BuildFlags, _ instruction: Instruction) throws(Failure) {
        for device in flags.strings("device") {
            if let message = Self.deviceError(device) { throw fail(message, id: "dockerfile.run-device", instruction) }
        }
        for mount in flags.strings("mount") {
            do {
                _ = try RunMount(mount, expand: nil)
            } catch {
                throw fail(error.message, id: "dockerfile.run-mount", instruction)
            }
        }
        let network = flags.string("network") ?? "default"
        guard ["default", "none", "host"].contains(network) else {
            throw fail("invalid network mode \"\(network)\"", id: "dockerfile.run-network", instruction)
        }
        let security = flags.string("security") ?? "sandbox"
        guard ["insecure", "sandbox"].contains(security) else {
            throw fail("security \"\(security)\" is not valid", id: "dockerfile.run-security", instruction)
        }
    }

    /// `--device=name[,required[=bool]]` (`commands_rundevice.go`); `nil` when valid.
    static func deviceError(_ value: String) -> String? {
        let fields: [String]
        do {
            fields = try CSVFields.split(value)
        } catch {
            return "failed to parse csv devices: \(error.message)"
        }
        var name = ""
        for field in fields {
            let key = String(field.prefix { $0 != "=" }).lowercased()
            let value = field.contains("=") ? String(field[field.index(after: field.firstIndex(of: "=")!)...]) : nil
            switch (key, value) {
            case ("required", nil):
                continue
            case ("name", let value?):
                guard name.isEmpty else { return "device name already set to \(name)" }
                name = value
            case ("required", let value?):
                if RunMount.goBool(value) == nil { return "invalid value for \(key): \(value)" }
            case _ where name.isEmpty:
                name = field
            case (_, nil):
                return "invalid field '\(field)' must be a key=value pair"
            default:
                let suggestion = Suggestion.closest(to: key, among: ["name", "required"], caseSensitive: true)
                return "unexpected key '\(key)' in '\(field)'" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
            }
        }
        return nil
    }

    /// The durations and retry count of `HEALTHCHECK CMD`, after its type and command.
    private func checkHealthcheck(_ instruction: Instruction, flags: BuildFlags) throws(Failure) {
        let type = instruction.values[0].uppercased()
        let command = instruction.values.dropFirst()
        guard type == "CMD" else {
            throw fail("Unknown type \"\(type)\" in HEALTHCHECK (try CMD)", id: "dockerfile.healthcheck", instruction)
        }
        guard !command.isEmpty, Array(command) != [""] else {
            throw fail("Missing command after HEALTHCHECK CMD", id: "dockerfile.healthcheck", instruction)
        }
        for name in ["interval", "timeout", "start-period", "start-interval"] {
            guard let value = flags.string(name), !value.isEmpty else { continue }
            guard let seconds = GoDuration.seconds(value) else {
                throw fail(Self.durationError(value), id: "dockerfile.healthcheck", instruction)
            }
            if seconds != 0 && seconds < 0.001 {
                throw fail("Interval \"\(name)\" cannot be less than 1ms", id: "dockerfile.healthcheck", instruction)
            }
        }
        if let value = flags.string("retries"), !value.isEmpty {
            guard let retries = Int32(value) else {
                let digits = value.first == "+" || value.first == "-" ? value.dropFirst() : Substring(value)
                let isNumber = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
                let reason = isNumber ? "value out of range" : "invalid syntax"
                throw fail("strconv.ParseInt: parsing \"\(value)\": \(reason)", id: "dockerfile.healthcheck", instruction)
            }
            if retries < 0 {
                throw fail("--retries cannot be negative (\(retries))", id: "dockerfile.healthcheck", instruction)
            }
        }
    }

    /// Go's `time.ParseDuration` error for a value ``GoDuration`` rejects.
    static func durationError(_ value: String) -> String {
        let quoted = "\"\(value)\""
        var rest = Substring(value)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        while let first = rest.first, first.isASCII, first.isNumber || first == "." {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            if unit.isEmpty { return "time: missing unit in duration \(quoted)" }
            if !["ns", "us", "µs", "μs", "ms", "s", "m", "h"].contains(unit) {
                return "time: unknown unit \"\(unit)\" in duration \(quoted)"
            }
            rest = rest.dropFirst(unit.count)
        }
        return "time: invalid duration \(quoted)"
    }
}
