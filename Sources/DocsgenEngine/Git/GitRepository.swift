import Foundation

/// Reads a project's git history with the `git` executable (never by parsing `.git`).
package struct GitRepository {
    /// Why git could not answer.
    package enum Failure: Error, Equatable, CustomStringConvertible {
        case gitMissing
        case notARepository(String)
        case unknownRevision(String, reason: String)
        case failed(String)

        package var description: String {
            switch self {
            case .gitMissing: "the `git` executable was not found on PATH; install git or remove `completion.since`"
            case let .notARepository(folder): "\(folder) is not inside a git repository, so `completion.since` cannot be read"
            case let .unknownRevision(revision, reason): "unknown revision '\(revision)' in `completion.since`" + (reason.isEmpty ? "" : ": \(reason)")
            case let .failed(reason): "git failed: \(reason)"
            }
        }
    }

    /// The project root; paths are relative to it.
    package let root: URL
    /// The environment git runs with (PATH finds the executable).
    package var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Longest a git command may run before it is stopped: a stuck git must not hang a CI job.
    package static let timeout: TimeInterval = 60

    /// The full commit id a revision names.
    package func commit(_ revision: String) throws(Failure) -> String {
        // `--end-of-options` keeps a revision that starts with `-` from being read as an option.
        let result = try git(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
        let id = String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // Only a full object id names one commit (`^HEAD` prints `^<id>`, a range or an exclusion).
        if result.status == 0, Self.isObjectID(id) { return id }
        let probe = try git(["rev-parse", "--git-dir"])
        if probe.status != 0 {
            if probe.errorText.contains("not a git repository") { throw .notARepository(root.path) }
            if probe.errorText.contains("dubious ownership") {
                throw .failed("git refuses the repository because another user owns it (\(root.path)); "
                              + "mark it safe with `git config --global --add safe.directory \(root.path)`")
            }
            throw .failed(probe.errorText.isEmpty ? "git rev-parse exited with status \(probe.status)" : probe.errorText)
        }
        if result.status == 0 { throw .unknownRevision(revision, reason: "it does not name a single commit") }
        throw .unknownRevision(revision, reason: result.errorText)
    }

    package static func isObjectID(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The bytes of each of `paths` at `commit` (`nil` for a file that did not exist there), read by one
    /// `git cat-file --batch` process. A failure of git itself is an error, never "the file was added".
    package func contents(of paths: [String], at commit: String) throws(Failure) -> [String: Data?] {
        var found: [String: Data?] = [:]
        let batchable = paths.filter { !$0.contains("\n") }
        for path in paths where path.contains("\n") { found[path] = .some(nil) }
        guard !batchable.isEmpty else { return found }
        let input = batchable.map { "\(commit):./\($0)\n" }.joined()
        let result = try git(["cat-file", "--batch"], input: Data(input.utf8))
        guard result.status == 0 else {
            throw .failed(result.errorText.isEmpty ? "git cat-file exited with status \(result.status)" : result.errorText)
        }
        // Each answer: `<id> <type> <size>\n<bytes>\n`, or `<name> missing\n` (or `ambiguous`).
        let output = result.output
        var offset = output.startIndex
        for path in batchable {
            guard let newline = output[offset...].firstIndex(of: 10) else { throw .failed("git cat-file --batch ended early") }
            let header = String(decoding: output[offset..<newline], as: UTF8.self)
            offset = output.index(after: newline)
            let fields = header.split(separator: " ")
            if header.hasSuffix(" missing") || header.hasSuffix(" ambiguous") {
                found[path] = .some(nil)
                continue
            }
            guard fields.count == 3, let size = Int(fields[2]), output.distance(from: offset, to: output.endIndex) >= size + 1 else {
                throw .failed("unexpected answer from git cat-file --batch: \(header.prefix(80))")
            }
            let end = output.index(offset, offsetBy: size)
            // A folder of the project is a tree in git: not a file that existed.
            found[path] = fields[1] == "blob" ? .some(Data(output[offset..<end])) : .some(nil)
            offset = output.index(after: end)
        }
        return found
    }

    private struct Result {
        var status: Int32
        var output: Data
        var errorText: String
    }

    private func git(_ arguments: [String], input: Data? = nil) throws(Failure) -> Result {
        var environment = self.environment
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        // Through `env`, so git is found on this environment's PATH.
        let process = ChildProcess(arguments: ["/usr/bin/env", "git", "-C", root.path] + arguments, directory: root, environment: environment)
        var errors: [String] = []
        let result: ChildProcess.Result
        do {
            result = try process.run(input: input ?? Data(), timeout: Self.timeout, outputLimit: Int.max) { errors.append($0) }
        } catch {
            throw .gitMissing
        }
        let errorText = errors.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        switch result.status {
        case .timedOut: throw .failed("git \(arguments.first ?? "") did not finish within \(Int(Self.timeout)) s and was stopped")
        case .outputTooLarge: throw .failed("git \(arguments.first ?? "") printed too much")
        case let .signalled(signal): return Result(status: 128 + signal, output: result.output, errorText: errorText)
        case let .exited(code):
            // `env` exits 127 when it cannot find the program.
            if code == 127, errorText.contains("git") && errorText.contains("No such file") { throw .gitMissing }
            return Result(status: code, output: result.output, errorText: errorText)
        }
    }
}
