import Foundation

/// Runs the `git` executable for publishing: no shell, no prompt, a timeout for every command, and a token
/// that reaches git only through its environment (as an HTTP header in `GIT_CONFIG_*`), never through an
/// argument, a URL or a file, and is cut out of everything git prints before docsgen shows it.
package struct GitRunner {
    package struct Result {
        package var status: Int32
        package var output: String
        package var errors: String
    }

    package enum Failure: Error, Equatable {
        /// git could not be started.
        case gitMissing
        /// The command did not finish in time.
        case timedOut(command: String, seconds: Double)
    }

    /// Secrets that must never appear in what git prints (the token and its Base64 form).
    private let secrets: [String]
    private let environment: [String: String]
    package let timeout: Double

    /// - Parameters:
    ///   - token: Sent as HTTP Basic authentication (`username:token`) to HTTP(S) remotes.
    ///   - timeout: Seconds per git command.
    package init(token: String?, username: String, timeout: Double, base: [String: String] = ProcessInfo.processInfo.environment) {
        var environment = base
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = "/bin/false"
        environment["SSH_ASKPASS"] = "/bin/false"
        // Commits are docsgen's own, whatever the machine's git identity is.
        environment["GIT_AUTHOR_NAME"] = "docsgen"
        environment["GIT_AUTHOR_EMAIL"] = "docsgen@localhost"
        environment["GIT_COMMITTER_NAME"] = "docsgen"
        environment["GIT_COMMITTER_EMAIL"] = "docsgen@localhost"
        var secrets: [String] = []
        if let token, !token.isEmpty {
            let basic = Data("\(username):\(token)".utf8).base64EncodedString()
            environment["GIT_CONFIG_COUNT"] = "1"
            environment["GIT_CONFIG_KEY_0"] = "http.extraHeader"
            environment["GIT_CONFIG_VALUE_0"] = "Authorization: Basic \(basic)"
            secrets = [token, basic]
        }
        self.environment = environment
        self.secrets = secrets
        self.timeout = timeout
    }

    /// Text with every secret replaced by `***`.
    package func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// Runs `git ARGUMENTS` in `directory`.
    package func run(_ arguments: [String], in directory: URL, input: Data = Data()) throws(Failure) -> Result {
        var errors: [String] = []
        let result: ChildProcess.Result
        do {
            result = try ChildProcess(arguments: ["git"] + arguments, directory: directory, environment: environment)
                .run(input: input, timeout: timeout, outputLimit: 64 << 20) { errors.append($0) }
        } catch {
            throw .gitMissing
        }
        let command = "git " + (arguments.first ?? "")
        switch result.status {
        case .timedOut: throw .timedOut(command: command, seconds: timeout)
        case let .exited(code):
            if code == 127, errors.joined().contains("No such file") { throw .gitMissing }
            return Result(status: code, output: scrub(String(decoding: result.output, as: UTF8.self)), errors: scrub(errors.joined(separator: "\n")))
        case let .signalled(signal):
            return Result(status: 128 + signal, output: "", errors: scrub(errors.joined(separator: "\n")))
        case .outputTooLarge:
            return Result(status: -1, output: "", errors: "git printed more than 64 MiB")
        }
    }
}
