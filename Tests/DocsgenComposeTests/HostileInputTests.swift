import DocsgenCompose
import DocsgenCore
import Foundation
import Testing

/// Hostile compose input: alias bombs, deep nesting, unterminated templates. Each must end with a
/// diagnostic, never a crash or a hang.
@Suite("hostile compose input")
struct HostileInputTests {
    func load(_ text: String, env: String? = nil) -> (ComposeFacts?, [Diagnostic]) {
        let loader = ComposeLoader { path in
            path == "docker-compose.yml" ? text : (path == ".env" ? env : nil)
        }
        return loader.load(ComposeOptions(files: ["docker-compose.yml"], defaultName: "t"))
    }

    @Test("an alias bomb (10^9 leaves if expanded) is refused with a located diagnostic")
    func aliasBomb() {
        var yaml = "x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "x-a\(level): &a\(level) [\(refs)]\n"
        }
        yaml += "services:\n  web:\n    image: nginx\n    command: *a9\n"
        let (facts, diagnostics) = load(yaml)
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["compose.alias-expansion"])
        #expect(diagnostics.first?.location?.file == "docker-compose.yml")
    }

    @Test("100,000 services load in full, each at its line (memory and time grow linearly; figures in the README)")
    func hundredThousandServices() throws {
        var yaml = "services:\n"
        yaml.reserveCapacity(4 << 20)
        for index in 0..<100_000 { yaml += "  s\(index):\n    image: nginx:1.27\n" }
        let (facts, diagnostics) = load(yaml)
        #expect(diagnostics.isEmpty)
        let services = try #require(facts?.services)
        #expect(services.count == 100_000)
        #expect(services.first { $0.name == "s99999" }?.location.line == 200_000)
    }

    @Test("port ranges expand to all 65,536 ports at most: one full range is read, a second is refused once")
    func portRangeBudget() {
        let (facts, _) = load("services:\n  web:\n    image: nginx\n    ports: [\"0-65535:0-65535\"]\n")
        #expect(facts?.services.first?.ports.count == 65_536)
        let yaml = "services:\n  web:\n    image: nginx\n    ports: [\"0-65535\", \"1-2\", \"3-4\"]\n"
        let (refused, diagnostics) = load(yaml)
        #expect(refused == nil)
        #expect(diagnostics.map(\.id) == ["compose.too-many-ports"])
        #expect(diagnostics.first?.location?.line == 4)
    }

    @Test("unquoted .env values that repeat earlier ones stop growing at the limit, with an error at the line")
    func envExponentialGrowth() {
        var env = "A0=0123456789abcdef\n"
        for level in 1...12 { env += "A\(level)=" + String(repeating: "${A\(level - 1)}", count: 4) + "\n" }
        let (facts, diagnostics) = load("services:\n  web:\n    image: nginx\n", env: env)
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["compose.env-file"])
        #expect(diagnostics.first?.location?.line == 8)
    }

    @Test("a long value behind an alias used many times is interpolated up to the project's budget, then refused once")
    func aliasedInterpolationBudget() {
        let env = "A=" + String(repeating: "x", count: 60_000) + "\n"
        let list = "[" + Array(repeating: "*a", count: 100).joined(separator: ", ") + "]"
        let lists = "[" + Array(repeating: "*l", count: 20).joined(separator: ", ") + "]"
        let yaml = "x-a: &a \"${A}\"\nx-l: &l \(list)\nservices:\n  web:\n    image: nginx\n    command: \(lists)\n"
        let (facts, diagnostics) = load(yaml, env: env)
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["compose.interpolation-too-long"])
    }

    @Test("nesting deeper than the limit is refused")
    func deepNesting() {
        let yaml = "services:\n  web:\n    image: nginx\n    labels: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "\n"
        let (_, diagnostics) = load(yaml)
        #expect(diagnostics.contains { $0.id == "compose.syntax" })
    }

    @Test("an unclosed ${ is an invalid template at its line")
    func unclosedTemplate() {
        let (_, diagnostics) = load("services:\n  web:\n    image: nginx:${TAG\n")
        #expect(diagnostics.map(\.id) == ["compose.invalid-interpolation"])
        #expect(diagnostics.first?.location?.line == 3)
    }

    @Test("${VAR:?message} names the missing variable")
    func requiredVariable() {
        let (_, diagnostics) = load("services:\n  db:\n    image: postgres\n    environment:\n      P: ${DB_PASSWORD:?set DB_PASSWORD}\n")
        #expect(diagnostics.map(\.id) == ["compose.required-variable"])
        #expect(diagnostics.first?.message.contains("DB_PASSWORD") == true)
        #expect(diagnostics.first?.location?.line == 5)
    }

    @Test("secrets from .env are hidden; public variables and defaults are shown")
    func hiddenValues() throws {
        let yaml = "services:\n  web:\n    image: app:${TAG:-dev}\n    user: ${APP_USER}\n    environment:\n      DB_PASSWORD: literal\n      MODE: ${MODE}\n      PLAIN: yes-please\n"
        let loader = ComposeLoader { path in
            path == "docker-compose.yml" ? yaml : (path == ".env" ? "APP_USER=svc\nMODE=prod\n" : nil)
        }
        let (facts, _) = loader.load(ComposeOptions(files: ["docker-compose.yml"], publicVariables: ["MODE"], defaultName: "t"))
        let web = try #require(facts?.services.first)
        #expect(web.image == "app:dev")
        #expect(web.user == "${APP_USER}")
        let env = Dictionary(uniqueKeysWithValues: web.environment.map { ($0.name, $0) })
        #expect(env["DB_PASSWORD"]?.value == nil)
        #expect(env["DB_PASSWORD"]?.isHidden == true)
        #expect(env["MODE"]?.value == "prod")
        #expect(env["PLAIN"]?.value == "yes-please")
    }

    /// Counts the files a loader asks for.
    final class ReadCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var reads: Int { lock.withLock { count } }
        func read() { lock.withLock { count += 1 } }
    }

    /// A loader for which every path but `.env` holds `text`, as in the fuzz harness: includes never run out.
    func loadEverywhere(_ text: String) -> (ComposeFacts?, [Diagnostic], reads: Int) {
        let counter = ReadCounter()
        let loader = ComposeLoader { path in
            guard path != ".env" else { return nil }
            counter.read()
            return text
        }
        let (facts, diagnostics) = loader.load(ComposeOptions(files: ["docker-compose.yml"], defaultName: "t"))
        return (facts, diagnostics, counter.reads)
    }

    @Test("includes that fan out to new paths at every level stop at the file limit (fuzz findings: time-outs)",
          arguments: ["include-fan-out", "include-fan-out-long-paths", "include-fan-out-slow", "include-fan-out-large-file"])
    func includeFanOut(_ name: String) throws {
        // Found by `make fuzz` (compose harness, over 10 s): several includes a level, each path longer than the
        // last, so neither the cycle check nor the nesting limit (3^16 files within it) stopped the work; then, with
        // 1,000 files allowed, longer inputs still took 2-5 s under ASan: the limit is 256 files.
        let url = try #require(Bundle.module.url(forResource: "Fixtures/fuzz/\(name)", withExtension: "yml"))
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let (facts, diagnostics, reads) = loadEverywhere(text)
        #expect(facts == nil)
        #expect(reads <= 256)
        let ids = diagnostics.map(\.id)
        #expect(ids.filter { $0 == "compose.too-many-files" }.count == 1)
        #expect(ids.filter { $0 == "compose.include-depth" }.count <= 1)
        // Besides the two limits, at most one error a line for each file read (include entries without a path, keys).
        let lines = text.split(separator: "\n").count
        #expect(diagnostics.count <= reads * lines + 2, "\(Dictionary(grouping: ids, by: { $0 }).mapValues(\.count))")
    }

    @Test("a chain of includes deeper than 16 files is refused once, naming the chain")
    func includeDepth() throws {
        let (facts, diagnostics, reads) = loadEverywhere("include:\n  - deeper/compose.yaml\n")
        #expect(facts == nil)
        #expect(reads == 16)
        let error = try #require(diagnostics.first)
        #expect(diagnostics.map(\.id) == ["compose.include-depth"])
        #expect(error.message.contains("deeper than 16 files"))
        #expect(error.message.contains("deeper/deeper/compose.yaml"))
    }

    @Test("a file that includes itself is an include cycle")
    func includeCycle() {
        let (facts, diagnostics, _) = loadEverywhere("include:\n  - docker-compose.yml\nservices:\n  web:\n    image: nginx\n")
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["compose.include-cycle"])
    }
}
