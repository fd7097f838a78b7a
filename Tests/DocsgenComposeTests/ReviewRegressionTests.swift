import DocsgenCompose
import DocsgenCore
import Foundation
import Testing

/// Inputs a review found mishandled: each must now give the right result or a located diagnostic, quickly.
@Suite("compose review regressions")
struct ReviewRegressionTests {
    func load(_ files: [String: String], env: String? = nil, show: Bool = false) -> (ComposeFacts?, [Diagnostic]) {
        var all = files
        if let env { all[".env"] = env }
        let snapshot = all
        let loader = ComposeLoader { snapshot[$0] }
        return loader.load(ComposeOptions(files: ["docker-compose.yml"], showValues: show, defaultName: "t"))
    }

    @Test("a misspelled top-level key (`service:`) is an error at the key with the nearest valid key, not zero services")
    func misspelledTopLevelKey() {
        let (facts, diagnostics) = load(["docker-compose.yml": "name: demo\nservice:\n  web:\n    image: nginx\nx-common: {a: 1}\n"])
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["compose.unknown-key"])
        #expect(diagnostics.first?.message.hasPrefix("unknown top-level key 'service' (did you mean 'services'?)") == true, "\(diagnostics)")
        #expect(diagnostics.first?.location == SourceLocation(file: "docker-compose.yml", line: 2, column: 1))
        let (ok, clean) = load(["docker-compose.yml": "version: \"3.9\"\nservices:\n  web:\n    image: nginx\nx-anything: 1\n"])
        #expect(ok != nil && clean.isEmpty, "version and x- keys are accepted: \(clean)")
    }

    @Test("keys that differ only in YAML type are duplicates, not a crash")
    func typedDuplicateKeys() {
        let (facts, diagnostics) = load(["docker-compose.yml": "services:\n  1:\n    image: a\n  \"1\":\n    image: b\n"])
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["compose.duplicate-key"])
        #expect(diagnostics.first?.location?.line == 4)
    }

    @Test("an alias used as a mapping key is refused before Yams hashes it")
    func aliasKey() {
        var yaml = "x0: &a0 [lol]\n"
        for level in 1...11 { yaml += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n" }
        yaml += "y:\n  ? *a11\n  : v\nservices: {w: {image: x}}\n"
        let (_, diagnostics) = load(["docker-compose.yml": yaml])
        #expect(diagnostics.map(\.id) == ["compose.syntax"])
    }

    @Test("a dollar sign not followed by a name is kept, as Compose keeps it")
    func literalDollar() throws {
        let (facts, diagnostics) = load(["docker-compose.yml": "services:\n  w:\n    image: x\n    environment:\n      E: \"price $5\"\n      G: \"trail$\"\n"])
        #expect(diagnostics.isEmpty)
        let env = try #require(facts?.services.first?.environment)
        #expect(env.map(\.value) == ["price $5", "trail$"])
    }

    @Test("values from .env never appear in ports, volumes, build contexts or messages")
    func maskedEverywhere() throws {
        let yaml = """
            services:
              w:
                build: {context: "https://oauth2:${GIT_TOKEN}@git.example/app.git"}
                ports: ["${BIND_IP}:${PORT:-3000}:3000"]
                volumes: ["${LOG_DIR}:/logs", "data:${TARGET}"]
                healthcheck: {test: ["CMD", "true"], interval: "${DB_PASSWORD}"}
            volumes: {data: {}}

            """
        let env = "GIT_TOKEN=tok-zq1\nBIND_IP=ip-zq2\nPORT=8123\nLOG_DIR=/dir-zq3\nTARGET=/tgt-zq4\nDB_PASSWORD=pw-zq5\n"
        let (facts, diagnostics) = load(["docker-compose.yml": yaml], env: env)
        let text = String(decoding: try JSONEncoder().encode(facts), as: UTF8.self) + diagnostics.map(\.description).joined()
        for secret in ["tok-zq1", "ip-zq2", "8123", "dir-zq3", "tgt-zq4", "pw-zq5"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
        #expect(diagnostics.contains { $0.id == "compose.invalid-duration" && $0.message.contains("${DB_PASSWORD}") })
    }

    @Test("an unterminated quote in .env is an error at its line, found in linear time")
    func unterminatedQuote() {
        let env = "A=\"start\n" + String(repeating: "line xxxxxxxxxxxxxxxxxxxx\n", count: 20_000)
        let (_, diagnostics) = load(["docker-compose.yml": "services:\n  w:\n    image: x:${A}\n"], env: env)
        #expect(diagnostics.contains { $0.id == "compose.env-file" && $0.location?.line == 1 })
    }

    @Test(".env: an escaped dollar stays a dollar; export may be followed by a tab")
    func envDetails() throws {
        let (facts, diagnostics) = load(
            ["docker-compose.yml": "services:\n  w:\n    image: x\n    environment: [A13, A12]\n"],
            env: "A13=\"abc\\$def\"\nexport\tA12=tab\n", show: true)
        #expect(diagnostics.isEmpty)
        let env = try #require(facts?.services.first?.environment)
        #expect(env.map(\.value) == ["tab", "abc$def"])
    }

    @Test("paths in an included file are relative to that file, as Compose resolves them")
    func includeRebases() throws {
        let (facts, diagnostics) = load([
            "docker-compose.yml": "include: [sub/inc.yml]\nservices:\n  main:\n    image: x\n",
            "sub/inc.yml": "services:\n  inner:\n    build: ./inner\n    volumes: [\"./data:/data\"]\n    env_file: ./inc.env\n",
            "sub/inc.env": "X=1\n",
        ])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let inner = try #require(facts?.service("inner"))
        #expect(inner.build?.context == "sub/inner")
        #expect(inner.build?.dockerfilePath == "sub/inner/Dockerfile")
        #expect(inner.volumes.first?.source == "sub/data")
    }

    @Test("a large file without aliases is not mistaken for an alias bomb")
    func largeFile() throws {
        var yaml = "services:\n"
        for index in 0..<30_000 { yaml += "  s\(index): {image: x, labels: {a: b, c: d}}\n" }
        let (facts, diagnostics) = load(["docker-compose.yml": yaml])
        #expect(!diagnostics.contains { $0.id == "compose.alias-expansion" })
        #expect(facts?.services.count == 30_000)
    }

    @Test("nginx includes that fan out without a cycle are bounded")
    func nginxFanOut() {
        var files: [String: String] = ["main.conf": "server { " + String(repeating: "include l1.conf; ", count: 10) + "}\n"]
        for level in 1...7 {
            files["l\(level).conf"] = level == 7 ? "add_header X-A b;\n" : String(repeating: "include l\(level + 1).conf; ", count: 10)
        }
        let snapshot = files
        let reader = NginxConfigReader(readFile: { snapshot[$0] }, resolveInclude: { argument, _ in [argument] })
        let (facts, diagnostics) = reader.read("main.conf")
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["nginx.too-large"])
    }
}
