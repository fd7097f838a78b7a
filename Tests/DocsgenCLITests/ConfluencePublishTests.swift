import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `docsgen publish` to Confluence, against `Fixtures/servers/confluence.py`: a local stand-in implementing the
/// documented REST v1 endpoints docsgen uses (no Confluence server can run on this machine).
@Suite("publish to Confluence", .serialized)
struct ConfluencePublishTests {
    static let token = "CONFLUENCE-MARKER-51d2"
    static let script = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/servers/confluence.py")

    /// The server's state: write requests so far and the pages (title → [version, labels, attachments]).
    static func state(_ port: Int) throws -> (writes: Int, pages: [String: [String: Any]]) {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/__state")!)
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var pages: [String: [String: Any]] = [:]
        for page in root["pages"] as? [[String: Any]] ?? [] { pages[page["title"] as? String ?? ""] = page }
        return (root["writes"] as? Int ?? -1, pages)
    }

    static func post(_ port: Int, _ path: String, _ body: String = "{}") throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, _, _ in done.signal() }.resume()
        done.wait()
    }

    static func project(baseURL: String, extra: String = "") throws -> Sandbox {
        let box = try Sandbox(bundledExample: ())
        let config = try box.read("docsgen.yml")
        try box.write("docsgen.yml", config + "\npublish:\n  - name: confluence\n    kind: confluence\n    base-url: \(baseURL)\n"
            + "    space: OPS\n    parent-page: Container builds\n    token-env: CONFLUENCE_TOKEN\n" + extra)
        #expect(try box.run(["build"]).status == 0)
        return box
    }

    static func publish(_ box: Sandbox, token: String? = ConfluencePublishTests.token, _ arguments: [String] = []) throws -> Sandbox.Run {
        var environment = ["NO_COLOR": "1", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        environment["CONFLUENCE_TOKEN"] = token
        return try box.run(["publish"] + arguments, environment: environment)
    }

    @Test("creates the pages under the parent; a second run writes nothing; a changed fact updates only its pages (version + 1); a 409 is retried once; a person's page stays")
    func publishing() throws {
        let server = try TestServer(script: Self.script, [Self.token])
        defer { server.stop() }
        try Self.post(server.port, "/__page", #"{"title": "Container builds"}"#)
        try Self.post(server.port, "/__page", #"{"title": "Troubleshooting", "body": "<p>a person's page</p>"}"#)
        let box = try Self.project(baseURL: "http://127.0.0.1:\(server.port)")
        defer { box.remove() }

        let first = try Self.publish(box)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("docsgen: confluence: 6 created, 0 updated, 0 unchanged"), "\(first.stdout)")
        #expect(first.stderr.contains("warning: page 'Troubleshooting' exists and is not docsgen's"))
        var (writes, pages) = try Self.state(server.port)
        let report = try #require(pages["Docker Build Report"])
        #expect(report["version"] as? Int == 1)
        #expect((report["labels"] as? [String])?.contains("docsgen") == true)
        #expect((report["attachments"] as? [String: Int])?["image-sizes.svg"] == 1)
        #expect(((report["ancestors"] as? [[String: Any]])?.first?["id"] as? String) == (pages["Container builds"]?["id"] as? String))
        #expect((pages["Troubleshooting"]?["body"] as? String) == "<p>a person's page</p>")

        let second = try Self.publish(box)
        #expect(second.stdout.contains("0 created, 0 updated, 6 unchanged"))
        #expect(try Self.state(server.port).writes == writes, "a second run makes no request that writes")

        let file = "Content/measurements/backend/1.0.0.measurement.json"
        try box.write(file, try box.read(file).replacingOccurrences(of: "\"reported\": 358932483", with: "\"reported\": 371234567"))
        try Self.post(server.port, "/__conflict?title=Docker%20Build%20Report")
        let third = try Self.publish(box)
        #expect(third.status == 0, "\(third.stderr)")
        (writes, pages) = try Self.state(server.port)
        // The conflict moved the server's version to 2; docsgen refetched and wrote version 3.
        #expect(pages["Docker Build Report"]?["version"] as? Int == 3)
        #expect((pages["Docker Build Report"]?["body"] as? String)?.contains("371 MB") == true)
        #expect(pages["Security summary"]?["version"] as? Int == 1, "a page whose facts did not change is not written")
        #expect(!(first.stdout + first.stderr + third.stdout + third.stderr).contains(Self.token))
        _ = writes
    }

    @Test("API v2 (Cloud's pages API): create under the parent, nothing written on a second run, version + 1 after a change")
    func apiV2() throws {
        let server = try TestServer(script: Self.script, [Self.token])
        defer { server.stop() }
        try Self.post(server.port, "/__page", #"{"title": "Container builds"}"#)
        let box = try Self.project(baseURL: "http://127.0.0.1:\(server.port)", extra: "    api: v2\n")
        defer { box.remove() }
        let first = try Self.publish(box)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("7 created, 0 updated, 0 unchanged"), "\(first.stdout)")
        let writes = try Self.state(server.port).writes
        #expect(try Self.publish(box).stdout.contains("0 created, 0 updated, 7 unchanged"))
        #expect(try Self.state(server.port).writes == writes)
        let file = "Content/measurements/backend/1.0.0.measurement.json"
        try box.write(file, try box.read(file).replacingOccurrences(of: "\"reported\": 358932483", with: "\"reported\": 371234567"))
        let dry = try Self.publish(box, ["--dry-run"])
        #expect(dry.stdout.contains("  update Docker Build Report\n") && dry.stdout.contains("(dry run, nothing written)"), "\(dry.stdout)")
        #expect(dry.stdout.contains("    images.backend.size: 359 MB → 371 MB\n"), "the facts that changed since the last publish")
        #expect(try Self.state(server.port).writes == writes, "a dry run writes nothing")
        #expect(try Self.publish(box).status == 0)
        let pages = try Self.state(server.port).pages
        #expect(pages["Docker Build Report"]?["version"] as? Int == 2)
        #expect(pages["Security summary"]?["version"] as? Int == 1)
    }

    @Test("a wrong token (401), a refused connection and a server that never answers: one clear error each, exit 5, token never shown")
    func failures() throws {
        let server = try TestServer(script: Self.script, [Self.token])
        defer { server.stop() }
        try Self.post(server.port, "/__page", #"{"title": "Container builds"}"#)
        let box = try Self.project(baseURL: "http://127.0.0.1:\(server.port)")
        defer { box.remove() }
        let wrong = try Self.publish(box, token: "not-\(Self.token)")
        #expect(wrong.status == 5)
        #expect(wrong.stderr.contains("refused the credentials (HTTP 401)"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains(Self.token))
        #expect(try Self.state(server.port).pages.count == 1, "nothing was created")

        let refusing = try TestServer(["closed"])
        defer { refusing.stop() }
        let closed = refusing.port
        let refusedBox = try Self.project(baseURL: "http://127.0.0.1:\(closed)")
        defer { refusedBox.remove() }
        let refused = try Self.publish(refusedBox)
        #expect(refused.status == 5)
        #expect(refused.stderr.contains("cannot reach http://127.0.0.1:\(closed)"), "\(refused.stderr)")

        let hang = try TestServer(["hang"])
        defer { hang.stop() }
        let slowBox = try Self.project(baseURL: "http://127.0.0.1:\(hang.port)", extra: "    timeout: 2s\n")
        defer { slowBox.remove() }
        let started = Date()
        let slow = try Self.publish(slowBox)
        #expect(slow.status == 5)
        #expect(slow.stderr.contains("did not answer within 2 s"), "\(slow.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
