import DocsgenCore

/// `FROM`: a new stage from an image, `scratch` or an earlier stage, checked as BuildKit checks the base name
/// and platform (`buildDispatchStates`, `resolveBaseImage`, `initOnBuildTriggers` in `dockerfile2llb/convert.go`,
/// `dockerfile/1.26.0`).
extension StageResolver {
    func stage(
        _ instruction: Instruction, flags: BuildFlags, index: Int, states: [Inherited], stageNames: inout [String: Int],
        meta: [String: String], baseEnvironment: [String: String], warnings: inout [Diagnostic]
    ) throws(Failure) -> Inherited {
        let values = instruction.values
        let name = values.count == 3 ? values[2].lowercased() : nil
        if let name, stageNames[name] != nil {
            warnings.append(Diagnostic(
                .warning, "Duplicate stage name \"\(name)\", stage names should be unique",
                id: "dockerfile.duplicate-stage-name",
                at: SourceLocation(file: path, line: instruction.startLine, column: instruction.column)))
        }
        let expander = ShellExpander(environment: meta, escape: parsed.escape, budget: budget)
        let text = values[0]
        // No base image environment reaches FROM: only a plain `$V` that no ARG sets leaves the reference unknown.
        let unresolved = expander.references(in: text, plainOnly: true).filter { meta[$0] == nil }
        let resolved: String
        do {
            resolved = try expander.expand(text)
        } catch {
            throw fail("invalid base image \(text): \(error.message)", id: "dockerfile.substitution", instruction)
        }
        guard !resolved.isEmpty else {
            throw fail("base name (\(text)) should not be blank", id: "dockerfile.blank-base-name", instruction)
        }
        let platform = try self.platform(flags.string("platform") ?? "", expander: expander, meta: meta, instruction)

        var state: Inherited
        // BuildKit finds the stage by the name as written: `FROM Builder` is an image, not the stage `builder`.
        if let parent = stageNames[resolved] {
            for trigger in states[parent].triggers {
                var located = trigger
                (located.startLine, located.endLine, located.column) = (instruction.startLine, instruction.endLine, instruction.column)
                _ = try checked(located)
            }
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
            state = Inherited(
                stage: stage, environment: states[parent].environment, baseEnvironment: states[parent].baseEnvironment,
                fromScratch: states[parent].fromScratch)
        } else if resolved == "scratch" {
            state = Inherited(stage: Stage(
                index: index, name: name, line: instruction.startLine, column: instruction.column, platform: platform,
                from: BaseImage(text: text, image: nil, stage: nil, scratch: true, pinning: nil)), fromScratch: true)
        } else {
            if unresolved.isEmpty { try checkImageReference(resolved, instruction) }
            // A reference with an undefined variable is pulled as BuildKit substitutes it (empty), which the
            // Dockerfile alone does not say: its pinning is unknown.
            state = Inherited(stage: Stage(
                index: index, name: name, line: instruction.startLine, column: instruction.column, platform: platform,
                from: BaseImage(
                    text: text, image: resolved, stage: nil, scratch: false,
                    pinning: unresolved.isEmpty ? Pinning(reference: resolved) : nil, unresolved: unresolved)),
                baseEnvironment: baseEnvironment)
        }
        if let name { stageNames[name] = index }
        return state
    }

    /// A base image, `COPY --from` image or mount `from=` image BuildKit could not parse as a reference.
    func checkImageReference(_ reference: String, _ instruction: Instruction) throws(Failure) {
        if let message = ImageReference.error(in: reference) {
            throw fail("failed to parse stage name \"\(reference)\": \(message)", id: "dockerfile.invalid-reference", instruction)
        }
    }

    /// The `--platform` value with the global `ARG`s substituted; checked unless it uses the build machine's
    /// variables (`$BUILDPLATFORM`) or an `ARG` without a value.
    private func platform(
        _ written: String, expander: ShellExpander, meta: [String: String], _ instruction: Instruction
    ) throws(Failure) -> String? {
        guard !written.isEmpty else { return nil }
        let value: String
        do {
            value = try expander.expand(written)
        } catch {
            throw fail(
                "failed to process arguments for platform \(written): \(error.message)", id: "dockerfile.platform",
                instruction)
        }
        let unknown = expander.references(in: written).contains { meta[$0] == nil }
            || expander.keepLiteral.contains { written.contains($0) }
        if unknown { return value }
        if value.isEmpty {
            throw fail("empty platform value from expression \(written)", id: "dockerfile.platform", instruction)
        }
        if let message = PlatformSpecifier.error(in: value) {
            throw fail("failed to parse platform \(written): \(message)", id: "dockerfile.platform", instruction)
        }
        return value
    }

    static func isValidStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }
}
