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

    /// Per-stage state that later stages inherit through `FROM <stage>`.
    struct Inherited {
        var stage: Stage
        /// Variables the Dockerfile defines (`ENV`, `ARG` with a value) in this stage's chain.
        var environment: [String: String] = [:]
        /// Values `docsgen.yml` supplies for variables the base image defines (args never declared as `ARG`).
        var baseEnvironment: [String: String] = [:]
        /// Whether the chain starts from `scratch`, which defines no variable: an undefined one is empty.
        var fromScratch = false
        var cmdSetHere = false
        /// The stage's `ONBUILD` triggers, which BuildKit parses when a later stage builds `FROM` this one.
        var triggers: [Instruction] = []

        /// Whether `word` uses no variable that only the base image defines (and `docsgen.yml` does not supply).
        func knows(_ word: String, _ expander: ShellExpander) -> Bool {
            fromScratch || expander.references(in: word).allSatisfy { environment[$0] != nil || baseEnvironment[$0] != nil }
        }

        /// What every substitution in the stage sees: the base image's supplied values under the Dockerfile's.
        var visibleEnvironment: [String: String] {
            baseEnvironment.isEmpty ? environment : baseEnvironment.merging(environment) { _, own in own }
        }
    }

    /// `args` of `docsgen.yml` that no `ARG` declares: `docker build --build-arg` would ignore them, so they
    /// stand for values of the base image's environment (`APP_UID` of Microsoft's .NET images).
    func undeclaredArgs() -> [String: String] {
        var declared: Set<String> = []
        for instruction in parsed.instructions where instruction.command == "arg" {
            for word in instruction.values { declared.insert(String(word.prefix { $0 != "=" })) }
        }
        return buildArgs.filter { !declared.contains($0.key) }
    }

    /// Checks the instructions as BuildKit does when it parses them, then the stage graph, then builds each
    /// stage in order.
    ///
    /// - Returns: The facts, and warnings where BuildKit only warns (a repeated stage name).
    /// - Throws: ``Failure`` for the first error.
    func resolve() throws(Failure) -> (facts: DockerfileFacts, warnings: [Diagnostic]) {
        var globalArgs: [ArgumentDeclaration] = []
        var metaEnvironment: [String: String] = [:]
        var states: [Inherited] = []
        var stageNames: [String: Int] = [:]
        var warnings: [Diagnostic] = []
        let allNames = Self.stageNames(parsed.instructions)
        let baseEnvironment = undeclaredArgs()

        let allFlags = try checkInstructions(parsed.instructions)
        try checkStageGraph(parsed.instructions, flags: allFlags)

        for (instruction, flags) in zip(parsed.instructions, allFlags) {
            let command = instruction.command
            if states.isEmpty && command != "from" {
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
                    instruction, flags: flags, index: states.count, states: states, stageNames: &stageNames,
                    meta: metaEnvironment, baseEnvironment: baseEnvironment, warnings: &warnings)
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
            try apply(instruction, flags: flags, to: &state, states: states, allNames: allNames,
                      globalArgs: globalArgs, meta: metaEnvironment)
            states[states.count - 1] = state
        }

        var stages = states.map(\.stage)
        for index in stages.indices {
            stages[index].manifestsBeforeSource = Self.manifestsBeforeSource(stages[index].contextCopies)
        }
        var facts = DockerfileFacts(
            name: "", path: path, syntax: parsed.syntax, escape: String(parsed.escape), globalArgs: globalArgs,
            stages: stages, finalStage: stages.count - 1, instructionCount: parsed.instructions.count)
        facts.baseEnvironment = baseEnvironment.sorted { $0.key < $1.key }.map { ConfiguredValue(name: $0.key, value: $0.value, location: nil) }
        return (facts, warnings)
    }

    // MARK: - Checks

    func fail(_ message: String, id: String, _ instruction: Instruction) -> Failure {
        Failure(message: message, id: id, line: instruction.startLine, column: instruction.column)
    }

    /// The index of the stage each name refers to once every FROM is read: the last that declares it, as in
    /// BuildKit, where a repeated name is only a warning.
    static func stageNames(_ instructions: [Instruction]) -> [String: Int] {
        var names: [String: Int] = [:]
        var index = 0
        for instruction in instructions where instruction.command == "from" {
            if instruction.values.count == 3 {
                names[instruction.values[2].lowercased()] = index
            }
            index += 1
        }
        return names
    }
}
