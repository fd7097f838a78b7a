import Foundation

/// Reads a project's git history with the `git` executable (never by parsing `.git`).
struct GitRepository {
    /// Why git could not answer.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case gitMissing
        case notARepository(String)
        case unknownRevision(String, reason: String)
        case failed(String)

        var description: String {
            switch self {
            case .gitMissing: "the `git` executable was not found on PATH; install git or remove `completion.since`"
            case let .notARepository(folder): "\(folder) is not inside a git repository, so `completion.since` cannot be read"
            case let .unknownRevision(revision, reason): "unknown revision '\(revision)' in `completion.since`" + (reason.isEmpty ? "" : ": \(reason)")
            case let .failed(reason): "git failed: \(reason)"
            }
        }
    }

    /// The project root; paths are relative to it.
    let root: URL
    /// The environment git runs with (PATH finds the executable).
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The full commit id a revision names.
    func commit(_ revision: String) throws(Failure) -> String {
        // `--end-of-options` keeps a revision that starts with `-` from being read as an option.
        let result = try git(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
        if result.status == 0, let id = String(data: result.output, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty {
            return id
        }
        let probe = try git(["rev-parse", "--git-dir"])
        if probe.status != 0 { throw .notARepository(root.path) }
        throw .unknownRevision(revision, reason: result.errorText)
    }

    /// The bytes of `path` at `commit`, or `nil` when the file did not exist there.
    func contents(of path: String, at commit: String) throws(Failure) -> Data? {
        let result = try git(["cat-file", "blob", "\(commit):./\(path)"])
        return result.status == 0 ? result.output : nil
    }

    private struct Result {
        var status: Int32
        var output: Data
        var errorText: String
    }

    private func git(_ arguments: [String]) throws(Failure) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        var environment = self.environment
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .gitMissing
        }
        // Read both pipes at once so neither can fill up and stall git.
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let errorText = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // `env` exits 127 when it cannot find the program.
        if process.terminationStatus == 127, errorText.contains("git") && errorText.contains("No such file") { throw .gitMissing }
        return Result(status: process.terminationStatus, output: data, errorText: errorText)
    }
}
