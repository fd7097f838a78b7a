import Foundation
import Testing

/// `docsgen publish` to git-backed wikis served for real on this machine: bare repositories over `file://`,
/// `git daemon --enable=receive-pack` on loopback (with a pre-receive hook that plays a person editing the
/// wiki during the publish) and git's smart HTTP (`git http-backend`) behind a server that requires a token.
@Suite("publish to git wikis", .serialized)
struct PublishTests {
    static let marker = "SECRET-MARKER-7f3a9c"
    static let servers = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/servers/git_http.py")

    /// The bundled example publishing to `url` as target `wiki` with `extra` lines in its entry.
    static func project(url: String, extra: String = "") throws -> Sandbox {
        let box = try Sandbox(bundledExample: ())
        let config = try box.read("docsgen.yml")
        try box.write("docsgen.yml", config + "\npublish:\n  - name: wiki\n    kind: git-wiki\n    url: \(url)\n" + extra)
        // docsgen.yml is a deliverable: its new line count is part of the documents.
        #expect(try box.run(["build"]).status == 0)
        return box
    }

    /// A new bare repository `wiki.git` under a fresh folder.
    static func bareWiki() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-wiki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Sandbox.git(["init", "--quiet", "--bare", "--initial-branch=main", folder.appendingPathComponent("wiki.git").path])
        return folder
    }

    static func git(_ arguments: [String], in repository: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", repository.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Adds `file` with `text` to the wiki as a person would, from a clone of their own.
    static func personEdits(_ wiki: URL, file: String, text: String) throws {
        let clone = wiki.deletingLastPathComponent().appendingPathComponent("person-\(UUID().uuidString)")
        try Sandbox.git(["clone", "--quiet", wiki.path, clone.path])
        try text.write(to: clone.appendingPathComponent(file), atomically: false, encoding: .utf8)
        try Sandbox.git(["-C", clone.path, "add", file])
        try Sandbox.git(["-C", clone.path, "-c", "user.name=person", "-c", "user.email=person@example.invalid", "commit", "--quiet", "-m", "a person's page"])
        try Sandbox.git(["-C", clone.path, "push", "--quiet", "origin", "HEAD"])
        try? FileManager.default.removeItem(at: clone)
    }

    @Test("file://: a second publish makes no commit; a changed measurement makes one commit of the affected pages; a person's pages stay")
    func fileWiki() throws {
        let folder = try Self.bareWiki()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wiki = folder.appendingPathComponent("wiki.git")
        try Self.personEdits(wiki, file: "Home.md", text: "The team's own home page.\n")
        let box = try Self.project(url: wiki.absoluteString, extra: "    flavor: github\n")
        defer { box.remove() }

        let dry = try box.run(["publish", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("  create Docker-Build-Report.md"))
        #expect(dry.stdout.contains("  leave (not docsgen's) Home.md"))
        #expect(try Self.git(["rev-list", "--count", "main"], in: wiki).trimmingCharacters(in: .whitespacesAndNewlines) == "1", "a dry run pushes nothing")

        let first = try box.run(["publish"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("warning: Home.md exists in the wiki and is not docsgen's"))
        #expect(try Self.git(["show", "main:Home.md"], in: wiki) == "The team's own home page.\n")
        let sidebar = try Self.git(["show", "main:_Sidebar.md"], in: wiki)
        #expect(sidebar.contains("- [Docker Build Report](Docker-Build-Report)"), "\(sidebar)")
        let report = try Self.git(["show", "main:Docker-Build-Report.md"], in: wiki)
        #expect(report.contains("](#sources)") && !report.contains("](#fact-"), "fact links go to the Sources heading")
        #expect(try Self.git(["show", "main:assets/image-sizes.svg"], in: wiki).hasPrefix("<svg"))
        let commits = try Self.git(["rev-list", "--count", "main"], in: wiki)

        let second = try box.run(["publish"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("docsgen: wiki: up to date"))
        #expect(try Self.git(["rev-list", "--count", "main"], in: wiki) == commits, "no commit when nothing changed")

        try Self.personEdits(wiki, file: "Notes.md", text: "Notes by a person.\n")
        let file = "Content/measurements/backend/1.0.0.measurement.json"
        let measurement = try box.read(file)
        try box.write(file, measurement.replacingOccurrences(of: "\"reported\": 358932483", with: "\"reported\": 371234567"))
        let third = try box.run(["publish"])
        #expect(third.status == 0, "\(third.stderr)")
        let changed = try Self.git(["show", "--name-only", "--format=%B", "main"], in: wiki)
        #expect(changed.contains("images.backend.size: 359 MB → 371 MB"), "\(changed)")
        #expect(changed.contains("Docker-Build-Report.md"))
        #expect(!changed.contains("Security-summary.md") && !changed.contains("Platform-overview.md"), "only affected pages: \(changed)")
        #expect(changed.contains("Troubleshooting.md"), "the troubleshooting page quotes the size")
        #expect(try Self.git(["show", "main:Notes.md"], in: wiki) == "Notes by a person.\n")
    }

    @Test("flavours: GitLab's home and _sidebar, Azure's .order, a sub-folder")
    func flavours() throws {
        let folder = try Self.bareWiki()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wiki = folder.appendingPathComponent("wiki.git")
        let box = try Self.project(url: wiki.absoluteString, extra: "    flavor: gitlab\n    folder: containers\n")
        defer { box.remove() }
        #expect(try box.run(["publish"]).status == 0)
        let files = try Self.git(["ls-tree", "-r", "--name-only", "main"], in: wiki)
        #expect(files.contains("containers/home.md") && files.contains("containers/_sidebar.md") && files.contains("containers/.docsgen-wiki.json"), "\(files)")

        let azure = try Self.bareWiki()
        defer { try? FileManager.default.removeItem(at: azure) }
        let config = try box.read("docsgen.yml")
        try box.write("docsgen.yml", config.replacingOccurrences(of: wiki.absoluteString, with: azure.appendingPathComponent("wiki.git").absoluteString)
            .replacingOccurrences(of: "    flavor: gitlab\n    folder: containers\n", with: "    flavor: azure\n"))
        #expect(try box.run(["build"]).status == 0)
        #expect(try box.run(["publish"]).status == 0)
        let order = try Self.git(["show", "main:.order"], in: azure.appendingPathComponent("wiki.git"))
        #expect(order.hasPrefix("Home\n") && order.contains("Docker-Build-Report\n"), "\(order)")
        #expect(try Self.git(["show", "main:Home.md"], in: azure.appendingPathComponent("wiki.git")).contains("(/Docker-Build-Report)"))
    }

    @Test("git daemon: a push rejected because a person edited the wiki meanwhile is fetched and retried once; twice is exit 5")
    func concurrentPush() throws {
        let folder = try Self.bareWiki()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wiki = folder.appendingPathComponent("wiki.git")
        try Self.personEdits(wiki, file: "Start.md", text: "start\n")
        let hook = wiki.appendingPathComponent("hooks/pre-receive")
        try """
            #!/bin/sh
            # The first push is declined after a person pushes an edit of their own.
            cat > /dev/null
            repo="$(pwd)"
            if [ ! -e "$repo/someone-edited" ]; then
              touch "$repo/someone-edited"
              env -i PATH="$PATH" HOME="$HOME" sh -c 'set -e; t=$(mktemp -d); git clone -q "$0" "$t/w"; cd "$t/w"
                echo "A page a person wrote." > Someone.md; git add Someone.md
                git -c user.name=someone -c user.email=someone@example.invalid commit -qm "a person edits the wiki"
                git push -q origin HEAD; rm -rf "$t"' "$repo"
              echo "declined: the wiki changed meanwhile" >&2
              exit 1
            fi
            [ -e "$repo/always-decline" ] && { echo "declined again" >&2; exit 1; }
            exit 0

            """.write(to: hook, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let daemon = try GitDaemon(base: folder)
        defer { daemon.stop() }
        let box = try Self.project(url: "git://127.0.0.1:\(daemon.port)/wiki.git")
        defer { box.remove() }
        let publish = try box.run(["publish"])
        #expect(publish.status == 0, "\(publish.stderr)")
        let log = try Self.git(["log", "--format=%s", "main"], in: wiki)
        #expect(log.hasPrefix("docsgen: publish THE_BOT platform\na person edits the wiki\n"), "docsgen's commit is on top of the person's: \(log)")
        #expect(try Self.git(["show", "main:Someone.md"], in: wiki) == "A page a person wrote.\n")

        // A wiki that keeps declining: one retry, then a clear error and nothing published.
        try Data().write(to: wiki.appendingPathComponent("always-decline"))
        let head = try Self.git(["rev-parse", "main"], in: wiki)
        let file = "Content/measurements/backend/1.0.0.measurement.json"
        try box.write(file, try box.read(file).replacingOccurrences(of: "\"reported\": 358932483", with: "\"reported\": 371234567"))
        let refused = try box.run(["publish"])
        #expect(refused.status == 5)
        #expect(refused.stderr.contains("docsgen: error: publishing to 'wiki' failed: the push was rejected again"), "\(refused.stderr)")
        #expect(try Self.git(["rev-parse", "main"], in: wiki) == head, "nothing half-pushed")
    }

    @Test("HTTP with a token: published; a wrong token is exit 5; the token never appears in output, errors or commits")
    func httpToken() throws {
        let folder = try Self.bareWiki()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try TestServer(["serve", folder.path, Self.marker])
        defer { server.stop() }
        let box = try Self.project(url: "http://127.0.0.1:\(server.port)/wiki.git", extra: "    token-env: WIKI_TOKEN\n")
        defer { box.remove() }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let good = try box.run(["publish"], environment: ["NO_COLOR": "1", "PATH": path, "WIKI_TOKEN": Self.marker])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(!(good.stdout + good.stderr).contains(Self.marker))
        let wiki = folder.appendingPathComponent("wiki.git")
        let everything = try Self.git(["log", "--format=%B", "--all"], in: wiki)
        #expect(!everything.contains(Self.marker) && !everything.contains(Data("oauth2:\(Self.marker)".utf8).base64EncodedString()))

        let wrong = try box.run(["publish"], environment: ["NO_COLOR": "1", "PATH": path, "WIKI_TOKEN": "not-the-token"])
        #expect(wrong.status == 5)
        #expect(wrong.stderr.contains("refused the credentials (clone): check the token in $WIKI_TOKEN; nothing was published"), "\(wrong.stderr)")
        let missing = try box.run(["publish"], environment: ["NO_COLOR": "1", "PATH": path])
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("the environment variable WIKI_TOKEN (token-env) is not set"))
    }

    @Test("a wrong URL, a refused connection and a server that never answers: one clear error each, exit 5")
    func unreachable() throws {
        let hang = try TestServer(["hang"])
        defer { hang.stop() }
        let refusing = try TestServer(["closed"])
        defer { refusing.stop() }
        let closed = refusing.port
        let cases: [(String, String, String)] = [
            ("file:///nonexistent/wiki.git", "", "no wiki repository at file:///nonexistent/wiki.git (clone)"),
            ("http://127.0.0.1:\(closed)/wiki.git", "", "cannot reach http://127.0.0.1:\(closed)/wiki.git (clone)"),
            ("http://127.0.0.1:\(hang.port)/wiki.git", "    timeout: 2s\n", "git clone did not finish within 2 s"),
        ]
        for (url, extra, message) in cases {
            let box = try Self.project(url: url, extra: extra)
            defer { box.remove() }
            let started = Date()
            let run = try box.run(["publish"])
            #expect(run.status == 5, "\(url): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(url): \(run.stderr)")
            #expect(Date().timeIntervalSince(started) < 30)
        }
    }
}

/// A helper server from `Fixtures/servers/git_http.py`, on a port it reports.
final class TestServer {
    let process = Process()
    let port: Int

    init(script: URL = PublishTests.servers, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// SIGKILL: the test runner's children may inherit an ignored SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A loopback port nothing listens on (bound once, then released).
    static func freePort() throws -> Int {
        let probe = try TestServer(["free-port"])
        probe.process.waitUntilExit()
        return probe.port
    }
}

/// `git daemon --enable=receive-pack` for the repositories under `base`, on a free loopback port.
final class GitDaemon {
    let process = Process()
    let port: Int
    let pidFile: URL

    init(base: URL) throws {
        port = try TestServer.freePort()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        pidFile = base.appendingPathComponent("daemon.pid")
        process.arguments = ["git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--base-path=\(base.path)",
                             "--pid-file=\(pidFile.path)", "--export-all", "--enable=receive-pack", base.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready when it answers.
        for _ in 0..<100 {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            probe.arguments = ["git", "ls-remote", "git://127.0.0.1:\(port)/wiki.git"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            try probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus == 0 { return }
            usleep(50_000)
        }
    }

    /// Kills the daemon (`git daemon` runs git-daemon as a child that outlives the wrapper's SIGTERM).
    func stop() {
        if let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGKILL)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
