import DocsgenCore
import DocsgenRender
import Foundation

/// A plugin that is any executable speaking docsgen's plugin protocol (`Plugins/PROTOCOL.md`): JSON on
/// standard input and output, versioned by a handshake before any data is sent.
///
/// ```yaml
/// plugins:
///   - name: release-notes
///     run: [python3, plugins/release_notes.py]
///     options: { audience: operators }
///     timeout: 30s
/// ```
///
/// Every failure (it cannot start, times out, exits non-zero, prints invalid JSON or more than
/// ``outputLimit`` bytes, speaks another protocol, names a document or asset unsafely, cites a key that is
/// no fact) is ``DocsgenError/pluginFailed(name:reason:)``: exit 3, nothing written.
package struct ExternalPlugin {
    /// The protocol this docsgen speaks.
    package static let protocolVersion = 1
    /// Most bytes a plugin may print on standard output: 64 MiB.
    package static let outputLimit = 64 << 20

    package let entry: ProjectConfig.PluginEntry
    /// The project root: the plugin's working directory.
    package let root: URL

    package init(entry: ProjectConfig.PluginEntry, root: URL) {
        self.entry = entry
        self.root = root
    }

    /// What the plugin says about itself when run with `--docsgen-protocol`.
    package struct Handshake: Codable, Sendable, Equatable {
        package var `protocol`: Int
        package var name: String
        package var summary: String
    }

    /// Runs `RUN --docsgen-protocol` and checks the protocol number.
    package func handshake(log: (String) -> Void) throws(DocsgenError) -> Handshake {
        try checkHandshake(try execute(arguments: (entry.run ?? []) + ["--docsgen-protocol"], input: Data(), log: log))
    }

    /// The answer to `--docsgen-protocol`, checked.
    private func checkHandshake(_ data: Data) throws(DocsgenError) -> Handshake {
        let answer: Handshake
        do {
            answer = try JSONDecoder().decode(Handshake.self, from: data)
        } catch {
            throw fail("its answer to --docsgen-protocol is not {\"protocol\": 1, \"name\": …, \"summary\": …}: \(Self.describe(error))")
        }
        guard answer.protocol == Self.protocolVersion else {
            throw fail("it speaks protocol \(answer.protocol); this docsgen speaks protocol \(Self.protocolVersion) (nothing was sent to it)")
        }
        return answer
    }

    /// The render request: the facts in their public format, the plugin's options and the documents so far.
    struct Request: Encodable {
        var `protocol` = ExternalPlugin.protocolVersion
        var plugin: String
        var options: [String: String]
        var documents: [DocumentSummary]
        /// The facts a document may cite, by key, with the value exactly as docsgen shows it.
        var citable: [String: Citation]
        var facts: ProjectFacts
    }

    /// The render response.
    struct Response: Decodable {
        struct Page: Decodable {
            var name: String
            var title: String
            var markdown: String
            var citations: [Cited]?
        }

        struct Cited: Decodable {
            var key: String
        }

        struct Asset: Decodable {
            var name: String
            var contents: String
        }

        struct Problem: Decodable {
            var severity: String
            var message: String
            var id: String?
            var file: String?
            var line: Int?
            var column: Int?
        }

        var documents: [Page]
        var assets: [Asset]?
        var diagnostics: [Problem]?
    }

    /// The plugin's two processes, started before docsgen has the facts: the handshake runs on a thread of its
    /// own and the render process waits for its request, so an interpreter's start-up (most of a plugin's time)
    /// overlaps docsgen's gathering. The render process is sent the request only after a valid handshake.
    package final class Launch: @unchecked Sendable {
        fileprivate let renderer: Swift.Result<ChildProcess.Running, DocsgenError>
        private let handshakeProcess: ChildProcess.Running?
        private let done = DispatchGroup()
        private let lock = NSLock()
        private var answer: Swift.Result<Handshake, DocsgenError>?
        private var lines: [String] = []
        private var isUsed = false

        fileprivate init(_ plugin: ExternalPlugin) {
            renderer = Swift.Result { () throws(DocsgenError) in try plugin.start(plugin.entry.run ?? []) }
            let handshake = Swift.Result { () throws(DocsgenError) in try plugin.start((plugin.entry.run ?? []) + ["--docsgen-protocol"]) }
            handshakeProcess = try? handshake.get()
            done.enter()
            let launch = self
            Thread.detachNewThread {
                let result = Swift.Result { () throws(DocsgenError) in
                    let data = try plugin.finish(try handshake.get(), input: Data()) { line in launch.lock.withLock { launch.lines.append(line) } }
                    return try plugin.checkHandshake(data)
                }
                launch.lock.withLock { launch.answer = result }
                launch.done.leave()
            }
        }

        /// Waits for the handshake; its standard error lines go to `log` now, in order.
        fileprivate func handshake(log: (String) -> Void) -> Swift.Result<Handshake, DocsgenError> {
            done.wait()
            let (answer, lines) = lock.withLock {
                isUsed = true
                return (self.answer!, self.lines)
            }
            for line in lines { log(line) }
            return answer
        }

        /// Stops both processes when ``ExternalPlugin/render(facts:documents:known:log:launch:)`` never took them
        /// (the build failed before the plugin's turn); nothing when it did.
        package func cancel() {
            guard !lock.withLock({ isUsed }) else { return }
            if case let .success(running) = renderer { running.cancel() }
            if let handshakeProcess { kill(-handshakeProcess.pid, SIGKILL) }
            done.wait()
        }
    }

    /// Starts the plugin's processes now (see ``Launch``).
    package func launch() -> Launch {
        Launch(self)
    }

    /// Runs the handshake, then the plugin over `facts`. `facts` cite into the documents by key: every
    /// cited key must be one of `known` (the facts pages can quote), and docsgen fills in label, value and source.
    /// `launch` is the plugin's processes started earlier (``launch()``); without it they start now.
    package func render(
        facts: ProjectFacts, documents: [DocumentSummary], known: [String: Citation], log: (String) -> Void,
        launch: Launch? = nil
    ) throws(DocsgenError) -> PluginOutput {
        let launch = launch ?? self.launch()
        let answer = launch.handshake(log: log)
        let renderer: ChildProcess.Running
        switch (launch.renderer, answer) {
        case let (.success(running), .success):
            renderer = running
        case let (.success(running), .failure(error)):
            running.cancel()
            throw error
        case let (.failure(error), _):
            throw error
        }
        let request: Data
        do {
            request = try JSONOutput.encode(Request(plugin: entry.name, options: entry.options, documents: documents, citable: known, facts: facts))
        } catch {
            renderer.cancel()
            throw error
        }
        let data = try finish(renderer, input: request, log: log)
        let response: Response
        do {
            response = try JSONDecoder().decode(Response.self, from: data)
        } catch {
            throw fail("it printed invalid JSON (expected {\"documents\": [...]} as described in Plugins/PROTOCOL.md): \(Self.describe(error))")
        }
        var output = PluginOutput(documents: [])
        for (index, page) in response.documents.enumerated() {
            guard Self.isSafeName(page.name) else {
                throw fail("document \(index) is named '\(page.name)': use lower-case letters, digits and '-'")
            }
            var citations: [Citation] = []
            for cited in page.citations ?? [] where !citations.contains(where: { $0.key == cited.key }) {
                guard let citation = known[cited.key] else {
                    throw fail("document '\(page.name)' cites '\(cited.key)', which is not a fact (see `docsgen facts` and the page keys in the README)")
                }
                citations.append(citation)
            }
            // Raw HTML becomes text: the Markdown is as safe in a wiki as the HTML page is.
            let body = MarkdownInspector.escapingRawHTML(in: page.markdown)
            output.documents.append(Document(name: page.name, title: page.title, body: body, citations: citations))
        }
        for asset in response.assets ?? [] {
            output.assets.append(DocumentAsset(name: asset.name, contents: asset.contents))
        }
        for problem in response.diagnostics ?? [] {
            let severity = Severity(rawValue: problem.severity) ?? .warning
            let location = problem.file.map { SourceLocation(file: $0, line: max(1, problem.line ?? 1), column: max(1, problem.column ?? 1)) }
            output.diagnostics.append(Diagnostic(severity, "\(entry.name): \(problem.message)", id: problem.id ?? "plugin.\(entry.name)", at: location))
        }
        if output.diagnostics.containsErrors {
            let messages = output.diagnostics.filter { $0.severity == .error }.map(\.message)
            throw fail("it reported errors: " + messages.joined(separator: "; "))
        }
        return output
    }

    private func execute(arguments: [String], input: Data, log: (String) -> Void) throws(DocsgenError) -> Data {
        try finish(try start(arguments), input: input, log: log)
    }

    private func start(_ arguments: [String]) throws(DocsgenError) -> ChildProcess.Running {
        do {
            return try ChildProcess(arguments: arguments, directory: root).start()
        } catch {
            throw fail(error.description)
        }
    }

    private func finish(_ running: ChildProcess.Running, input: Data, log: (String) -> Void) throws(DocsgenError) -> Data {
        let result = running.communicate(input: input, timeout: entry.timeout, outputLimit: Self.outputLimit) { line in
            log("[\(entry.name)] \(line)")
        }
        switch result.status {
        case .exited(0):
            return result.output
        case let .exited(code):
            throw fail("it exited with status \(code)")
        case let .signalled(signal):
            throw fail("it was ended by signal \(signal)")
        case .timedOut:
            throw fail("it did not finish within \(Self.duration(entry.timeout)) and was stopped (raise `timeout:` in docsgen.yml if it needs longer)")
        case .outputTooLarge:
            throw fail("it printed more than \(Self.outputLimit >> 20) MiB and was stopped")
        }
    }

    private func fail(_ reason: String) -> DocsgenError {
        .pluginFailed(name: entry.name, reason: reason)
    }

    static func isSafeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return name.count <= 100 && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func duration(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// A decoding error in one line: what was expected and where.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
            return path.isEmpty ? "" : " at /\(path)"
        }
        switch error {
        case let .dataCorrupted(context): return "not JSON\(path(context))"
        case let .keyNotFound(key, context): return "missing `\(key.stringValue)`\(path(context))"
        case let .typeMismatch(_, context): return "\(context.debugDescription)\(path(context))"
        case let .valueNotFound(_, context): return "a value is missing\(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
