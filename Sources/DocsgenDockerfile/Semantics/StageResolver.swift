import DocsgenCore

/// Gives meaning to parsed instructions: stages, ARG substitution, effective settings inherited through
/// `FROM <stage>`, packages and copies. Stops at the first error, as `docker build` does.
struct StageResolver {
    let path: String
    let parsed: ParsedDockerfile
    let buildArgs: [String: String]
    /// Pattern-matching work left for the whole file, shared by its expanders.
    let budget = SubstitutionBudget()

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
    struct Inherited {
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
            let firstLine = instruction.original.unicodeScalars.prefix { $0 != "\n" }
            let arguments = String(String.UnicodeScalarView(firstLine.drop { !isSpace($0) }.drop(while: isSpace)))
            // Secret-looking assignments (`DJANGO_SECRET_KEY=…`) never reach the facts.
            state.stage.steps.append(StageStep(
                instruction: instruction.keyword.uppercased(), arguments: SecretRedaction.redact(arguments), line: instruction.startLine))
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

    func fail(_ message: String, id: String, _ instruction: Instruction) -> Failure {
        Failure(message: message, id: id, line: instruction.startLine, column: instruction.column)
    }

    func checkKnown(_ keyword: String, _ instruction: Instruction) throws(Failure) {
        guard Self.knownInstructions.contains(keyword.lowercased()) else {
            let suggestion = Self.suggestion(for: keyword.lowercased()).map { " (did you mean \($0.uppercased())?)" } ?? ""
            throw fail("unknown instruction: \(keyword.uppercased())\(suggestion)", id: "dockerfile.unknown-instruction", instruction)
        }
    }

    func checkFlags(_ instruction: Instruction, command: String) throws(Failure) {
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

    func checkTrigger(_ instruction: Instruction) throws(Failure) {
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

    static func editDistance(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }

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

    func stage(
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
        let expander = ShellExpander(environment: meta, escape: parsed.escape, budget: budget)
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
        for flag in instruction.flags where flag.hasPrefix("--platform=") && flag != "--platform=" {
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
            stage.steps = []
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
}
