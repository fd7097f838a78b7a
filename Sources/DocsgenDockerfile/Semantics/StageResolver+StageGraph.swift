import DocsgenCore

/// The stage dependency graph BuildKit builds before it resolves any image (`buildStageDependencyGraph`,
/// `toCommand` and `validateCircularDependency` in `dockerfile2llb`, `dockerfile/1.26.0`): which stage each
/// `COPY --from` and `RUN --mount from=` refers to, and no stage that depends on itself.
extension StageResolver {
    /// One stage's name as BuildKit shows it: its `AS` name, or `stage-N`.
    static func displayName(_ name: String?, index: Int) -> String { name ?? "stage-\(index)" }

    /// Checks every `--from`, then that no stage depends on itself through them.
    func checkStageGraph(_ instructions: [Instruction], flags: [BuildFlags]) throws(Failure) {
        let names = Self.stageNames(instructions)
        let stageCount = instructions.count { $0.command == "from" }
        var stageNamesByIndex: [String?] = []
        var dependencies: [[(stage: Int, instruction: Instruction)]] = []
        for (instruction, flags) in zip(instructions, flags) {
            if instruction.command == "from" {
                stageNamesByIndex.append(instruction.values.count == 3 ? instruction.values[2].lowercased() : nil)
                dependencies.append([])
                continue
            }
            guard !dependencies.isEmpty else { continue }
            var targets: [Int] = []
            if instruction.command == "copy", let from = flags.string("from"), !from.isEmpty {
                try checkCopyFrom(from, instruction, stageCount: stageCount)
                if let number = Int(from) {
                    targets.append(number)
                } else if let stage = names[from.lowercased()] {
                    targets.append(stage)
                }
            }
            if instruction.command == "run" {
                for mount in flags.strings("mount") {
                    if let from = RunMount.parsedFrom(mount), let stage = names[from.lowercased()] { targets.append(stage) }
                }
            }
            dependencies[dependencies.count - 1] += targets.map { ($0, instruction) }
        }
        if let (stage, instruction) = Self.firstCycle(dependencies) {
            throw fail(
                "circular dependency detected on stage: \(Self.displayName(stageNamesByIndex[stage], index: stage))",
                id: "dockerfile.circular-dependency", instruction)
        }
    }

    /// `COPY --from` takes a stage name, a stage index or an image, never a variable.
    private func checkCopyFrom(_ from: String, _ instruction: Instruction, stageCount: Int) throws(Failure) {
        let literal: String
        do {
            literal = try ShellExpander(environment: [:], escape: parsed.escape, keepLiteral: []).expand(from)
        } catch {
            throw fail(error.message, id: "dockerfile.substitution", instruction)
        }
        if literal != from {
            throw fail(
                "variable expansion is not supported for --from, define a new stage with FROM using ARG from global "
                    + "scope as a workaround", id: "dockerfile.copy-from-variable", instruction)
        }
        if let number = Int(from), number < 0 || number >= stageCount {
            throw fail("invalid stage index \(number)", id: "dockerfile.stage-index-out-of-bounds", instruction)
        }
    }

    /// The first stage, in order, from which a chain of dependencies leads back to a stage on the chain, and
    /// the instruction that starts that chain. Iterative, so that thousands of stages cannot exhaust the stack.
    static func firstCycle(_ dependencies: [[(stage: Int, instruction: Instruction)]]) -> (Int, Instruction)? {
        var visited = Set<Int>()
        var onPath = Set<Int>()
        for root in dependencies.indices where !visited.contains(root) {
            // Each frame: a stage and the next of its dependencies to follow.
            var path: [(stage: Int, next: Int)] = [(root, 0)]
            visited.insert(root)
            onPath.insert(root)
            while let (stage, next) = path.last {
                guard next < dependencies[stage].count else {
                    onPath.remove(stage)
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let target = dependencies[stage][next].stage
                guard target < dependencies.count else { continue }
                if onPath.contains(target) { return (root, dependencies[root][path[0].next - 1].instruction) }
                if visited.insert(target).inserted {
                    onPath.insert(target)
                    path.append((target, 0))
                }
            }
        }
        return nil
    }
}
