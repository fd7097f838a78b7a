import DocsgenCore

/// `RUN`, `COPY` and `ADD` inside a stage: their facts, and the checks BuildKit makes when it builds the stage
/// (`dispatchRun`, `dispatchRunMounts`, `dispatchCopy` in `dockerfile2llb`, `dockerfile/1.26.0`). Values that
/// use variables only the base image defines are not checked: the Dockerfile alone does not say what they are.
extension StageResolver {
    /// The mounts of a `RUN`, expanded and checked.
    func checkRun(
        _ instruction: Instruction, flags: BuildFlags, state: Inherited, allNames: [String: Int],
        expander: ShellExpander
    ) throws(Failure) -> [RunMount] {
        var mounts: [RunMount] = []
        let expand = { (word: String) throws(RunMount.Failure) -> String in
            do throws(ShellExpander.Failure) {
                return try expander.expand(word)
            } catch {
                throw RunMount.Failure(message: error.message)
            }
        }
        for value in flags.strings("mount") where state.knows(value, expander) {
            do {
                mounts.append(try RunMount(value, expand: expand))
            } catch {
                throw fail(error.message, id: "dockerfile.run-mount", instruction)
            }
        }
        let index = state.stage.index
        for mount in mounts {
            if !mount.from.isEmpty {
                if let stage = allNames[mount.from.lowercased()], stage > index {
                    throw fail(
                        "cannot mount from stage \"\(mount.from)\" to \"\(mount.target)\", stage needs to be defined before "
                            + "current command", id: "dockerfile.mount-from-later-stage", instruction)
                }
                if allNames[mount.from.lowercased()] == nil { try checkImageReference(mount.from, instruction) }
            }
            guard mount.type != .secret, mount.type != .ssh else { continue }
            let workdir = state.stage.workdir
            guard workdir?.isResolved ?? true else { continue }
            let target = mount.target.hasPrefix("/") ? mount.target
                : Self.cleanPath("/" + (workdir?.value ?? "/") + "/" + mount.target)
            if target == "/" {
                throw fail("invalid mount target \"/\"", id: "dockerfile.run-mount", instruction)
            }
        }
        if instruction.isJSON && instruction.values.isEmpty {
            throw fail("arguments are required", id: "dockerfile.run-arguments", instruction)
        }
        return mounts
    }

    /// A path with `.`, `..` and repeated slashes removed (Go's `path.Clean` for absolute paths).
    static func cleanPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Packages, cache hygiene and created users, read from the command and its heredocs.
    func analyzeRun(_ instruction: Instruction, mounts: [RunMount], state: inout Inherited) {
        var script = instruction.isJSON ? instruction.values.joined(separator: " ") : (instruction.values.first ?? "")
        for heredoc in instruction.heredocs { script += "\n" + heredoc.content }
        let cacheTargets = mounts.filter { $0.type == .cache && !$0.target.isEmpty }.map(\.target)
        let analyzer = RunAnalyzer(environment: state.environment)
        let commands = RunAnalyzer.commands(in: script)
        for account in analyzer.accounts(in: commands) {
            state.stage.users.append(UserAccount(
                name: account.name, uid: account.uid, line: instruction.startLine, column: instruction.column,
                stage: state.stage.index))
        }
        for finding in analyzer.analyze(commands, cacheMountTargets: cacheTargets) {
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
        _ instruction: Instruction, flags: BuildFlags, state: inout Inherited, allNames: [String: Int],
        expander: ShellExpander, expand: (String) throws(Failure) -> String
    ) throws(Failure) {
        let keyword = instruction.command.uppercased()
        var sources: [String] = []
        for word in instruction.values.dropLast() where HeredocScanner.heredoc(word) == nil || instruction.isJSON {
            sources.append(try expand(word))
        }
        let destination = try expand(instruction.values[instruction.values.count - 1])
        let index = state.stage.index
        // `--from` is literal: the stage graph has rejected variables in it.
        let from = flags.string("from") ?? ""
        var source: Int?
        if !from.isEmpty {
            source = Int(from) ?? allNames[from.lowercased()]
            if let source, source > index {
                throw fail(
                    "cannot copy from stage \"\(from)\", it needs to be defined before current stage "
                        + "\"\(Self.displayName(state.stage.name, index: index))\"", id: "dockerfile.copy-from-later-stage",
                    instruction)
            }
            if source == nil { try checkImageReference(from, instruction) }
        }
        if let chmod = flags.string("chmod"), !chmod.isEmpty, state.knows(chmod, expander),
            let message = FileMode.chmodError(try expand(chmod))
        {
            throw fail(message, id: "dockerfile.chmod", instruction)
        }
        var checksum = ""
        if let written = flags.string("checksum"), !written.isEmpty, state.knows(written, expander) {
            checksum = try expand(written)
            if sources.count != 1 {
                throw fail("checksum can't be specified for multiple sources", id: "dockerfile.checksum", instruction)
            }
            if CopySource(sources[0]) == .path {
                throw fail("checksum requires HTTP(S) or Git sources", id: "dockerfile.checksum", instruction)
            }
        }
        for path in sources {
            switch CopySource(path) {
            case .git where keyword == "COPY":
                throw fail("source can't be a git ref for COPY", id: "dockerfile.copy-source", instruction)
            case .url where keyword == "COPY":
                throw fail("source can't be a URL for COPY", id: "dockerfile.copy-source", instruction)
            case .url where !checksum.isEmpty:
                if let message = ImageReference.digestError(checksum) {
                    throw fail(message, id: "dockerfile.checksum", instruction)
                }
            default:
                break
            }
        }
        guard !from.isEmpty else {
            if !sources.isEmpty {
                state.stage.contextCopies.append(ContextCopy(
                    instruction: instruction.command, sources: sources, destination: destination,
                    isManifest: sources.allSatisfy(Self.isManifest), line: instruction.startLine, column: instruction.column))
            }
            return
        }
        state.stage.copiesFrom.append(StageCopy(
            stage: source, image: source == nil ? from : nil, sources: sources, destination: destination,
            line: instruction.startLine, column: instruction.column))
    }
}
