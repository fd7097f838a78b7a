import Foundation
import Testing

/// External plugins end to end: the bundled Python plugin, the request and response formats against
/// `Plugins/protocol/*.schema.json`, and hostile plugins that must fail with exit 3, named, `Output/` unchanged.
@Suite("external plugins", .serialized)
struct ExternalPluginTests {
    /// The bundled example with the fixture plugins in `plugins/` and, when `mode` is given, `hostile.sh MODE`
    /// configured before the completion report.
    static func sandbox(hostile mode: String? = nil, timeout: String = "5s", extra: String = "") throws -> Sandbox {
        let box = try Sandbox(bundledExample: ())
        let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/plugins")
        try FileManager.default.copyItem(at: fixtures, to: box.url("plugins"))
        guard mode != nil || !extra.isEmpty else { return box }
        let config = try box.read("docsgen.yml")
        let entry = mode.map { "  - name: hostile\n    run: [sh, plugins/hostile.sh, \($0)]\n    timeout: \(timeout)\n" } ?? ""
        let edited = config.replacingOccurrences(of: "  - completion-report\n", with: entry + extra + "  - completion-report\n")
        #expect(edited != config)
        try box.write("docsgen.yml", edited)
        return box
    }

    @Test("the bundled Python plugin writes a page whose values are cited facts; changing one makes check name it")
    func bundledPlugin() throws {
        let box = try Self.sandbox()
        defer { box.remove() }
        let page = try box.read("Output/security-summary.md")
        #expect(page.contains("| `backend` | [appuser](#fact-images.backend.user) | [python:3.13-alpine3.21](#fact-images.backend.base) | [2](#fact-images.backend.stages) |"))
        #expect(page.contains("| `images.backend.user` | backend: user of the runtime stage | appuser | `Content/backend/Dockerfile:"))
        #expect(try box.run(["check"]).status == 0)
        let plugins = try box.run(["plugins"])
        #expect(plugins.stdout.contains("security-summary    protocol 1  Who each image runs as"), "\(plugins.stdout)")

        let dockerfile = try box.read("Content/backend/Dockerfile")
        try box.write("Content/backend/Dockerfile", dockerfile.replacingOccurrences(of: "USER appuser", with: "USER nobody"))
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("images.backend.user (backend: user of the runtime stage): appuser → nobody"), "\(check.stdout)")
        #expect(check.stdout.contains("Output/security-summary.md: differs"))
    }

    @Test("the request validates against request.schema.json (its facts against facts.schema.json), the response against response.schema.json")
    func protocolSchemas() throws {
        let box = try Self.sandbox(extra: "  - name: recorder\n    run: [python3, plugins/recorder.py]\n    options: { audience: operators }\n")
        defer { box.remove() }
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("[recorder] recorder: got "))
        let request = try JSONValue.parse(Data(contentsOf: box.url("plugin-request.json")))
        let protocolFolder = SchemaTests.packageRoot.appendingPathComponent("Plugins/protocol")
        func schema(_ name: String) throws -> SchemaValidator {
            SchemaValidator(root: try JSONValue.parse(Data(contentsOf: protocolFolder.appendingPathComponent(name))))
        }
        #expect(try schema("request.schema.json").validate(request) == [])
        #expect(SchemaValidator(root: try SchemaTests.schema()).validate(request.object?["facts"] ?? .null) == [])

        // The bundled plugin's answers, fed the recorded request.
        let handshake = try Self.runPlugin(["python3", "Content/plugins/security_summary.py", "--docsgen-protocol"], input: Data(), in: box.root)
        #expect(try schema("handshake.schema.json").validate(JSONValue.parse(handshake)) == [])
        let response = try Self.runPlugin(["python3", "Content/plugins/security_summary.py"], input: Data(contentsOf: box.url("plugin-request.json")), in: box.root)
        #expect(try schema("response.schema.json").validate(JSONValue.parse(response)) == [])

        // The recorder's page: its citation in Sources, its SVG asset written but never inlined.
        let page = try box.read("Output/sizes.md")
        #expect(page.contains("# Sizes (operators)"))
        #expect(page.contains("The backend is [359 MB](#fact-images.backend.size)."))
        #expect(page.contains("| `images.backend.size` | backend: image size"))
        let html = try box.read("Output/html/sizes.html")
        #expect(html.contains("<img src=\"../assets/note.svg\""))
        #expect(!html.contains("<script>alert"), "an external SVG is not inlined")
        #expect(try box.read("Output/assets/note.svg").contains("<svg"))
    }

    /// Each hostile plugin: exit 3, the plugin named with `reason`, `Output/` byte-identical.
    @Test("hostile plugins fail with exit 3, named, and leave Output/ byte-identical", arguments: [
        ("sleep", "it did not finish within 2 s and was stopped"),
        ("handshake-sleep", "it did not finish within 2 s and was stopped"),
        ("flood", "it printed more than 64 MiB and was stopped"),
        ("invalid-json", "it printed invalid JSON"),
        ("protocol-2", "it speaks protocol 2; this docsgen speaks protocol 1 (nothing was sent to it)"),
        ("asset", "asset name '../../etc/x' is used twice or is not a plain file name"),
        ("unknown-key", "document 'x' cites 'images.backend.sise', which is not a fact"),
        ("collide", "a second document is named 'build-report'"),
        ("bad-name", "document 0 is named '../escape'"),
        ("exit-1", "it exited with status 1"),
        ("error-diagnostic", "it reported errors: hostile: no release notes found"),
    ])
    func hostile(mode: String, reason: String) throws {
        let box = try Self.sandbox(hostile: mode, timeout: "2s")
        defer { box.remove() }
        let before = box.snapshot()
        let started = Date()
        let build = try box.run(["build"])
        #expect(build.status == 3, "\(mode): \(build.stderr)")
        #expect(build.stderr.contains("docsgen: error: plugin 'hostile' failed: \(reason)"), "\(mode): \(build.stderr.suffix(500))")
        #expect(Date().timeIntervalSince(started) < 30, "\(mode) is stopped, not waited for")
        #expect(box.snapshot() == before, "\(mode): Output/ is unchanged")
        if mode == "exit-1" { #expect(build.stderr.contains("[hostile] something broke")) }
        if mode == "protocol-2" || mode == "handshake-sleep" {
            // The render process (started early) was killed before any byte of the request reached it.
            let received = (try? box.read("plugin-input-bytes"))?.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(received == nil || received == "" || received == "0", "\(mode): the plugin received \(received ?? "?") bytes")
        }
        if mode == "sleep" {
            // The child the plugin left behind was killed with its process group.
            let pid = try #require(Int32(box.read("plugin-child.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
            // A killed process whose parent is gone stays a zombie (state Z) until PID 1 reaps it: that is dead.
            func running() -> Bool {
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return kill(pid, 0) == 0 }
                let state = stat.split(separator: ")").last?.split(separator: " ").first
                return state != "Z" && state != "X"
            }
            var alive = true
            for _ in 0..<50 where alive {
                alive = running()
                if alive { usleep(20_000) }
            }
            #expect(!alive, "the plugin's child \(pid) still runs")
        }
    }

    @Test("raw HTML in a plugin's Markdown is text in the .md and the HTML page")
    func scriptIsEscaped() throws {
        let box = try Self.sandbox(hostile: "script")
        defer { box.remove() }
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let markdown = try box.read("Output/scripted.md")
        #expect(markdown.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; there."), "\(markdown)")
        #expect(markdown.contains("&lt;div onclick=\"x()\"&gt;block&lt;/div&gt;"))
        let html = try box.read("Output/html/scripted.html")
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<div onclick"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("configuration errors: a built-in's name, an empty run, a bad timeout")
    func configuration() throws {
        let box = try Self.sandbox()
        defer { box.remove() }
        let config = try box.read("docsgen.yml")
        let cases: [(String, String)] = [
            ("  - name: build-report\n    run: [sh, x.sh]\n", "an external plugin cannot take the name of the built-in plugin 'build-report'"),
            ("  - name: empty\n    run: []\n", "'run' must list the program and its arguments"),
            ("  - name: slow\n    run: [sh, x.sh]\n    timeout: forever\n", "'timeout' must be a duration up to 1 hour"),
        ]
        for (entry, message) in cases {
            try box.write("docsgen.yml", config.replacingOccurrences(of: "  - completion-report\n", with: entry + "  - completion-report\n"))
            let build = try box.run(["build"])
            #expect(build.status != 0)
            #expect(build.stderr.contains(message), "\(build.stderr)")
        }
    }

    /// Runs a plugin by hand (as docsgen would, in `directory`) and returns its standard output.
    static func runPlugin(_ arguments: [String], input: Data, in directory: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return data
    }
}
