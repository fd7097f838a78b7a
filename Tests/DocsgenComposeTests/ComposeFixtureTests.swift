import DocsgenCompose
import DocsgenCore
import DocsgenTestSupport
import Foundation
import Testing

/// Every folder in `Fixtures/` (except `nginx/` and `dockerignore/`) is a compose project: `docker-compose.yml`,
/// optional `files.txt` (files merged in order), `profiles.txt`, `public.txt` (variables whose values may be shown),
/// `.env`, and `expected.json` matched partially
/// against `{"compose": <facts or null>, "diagnostics": [...]}`.
@Suite("compose fixtures")
struct ComposeFixtureTests {
    static let fixturesURL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesURL.path)) ?? []
        return names.filter { name in
            FileManager.default.fileExists(atPath: fixturesURL.appendingPathComponent(name).appendingPathComponent("expected.json").path)
        }.sorted()
    }

    @Test("at least 30 valid and 10 malformed compose fixtures")
    func fixtureCounts() {
        let bad = Self.caseNames.filter { $0.hasPrefix("bad-") }
        #expect(Self.caseNames.count - bad.count >= 30)
        #expect(bad.count >= 10)
    }

    static func lines(_ url: URL) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    static func load(_ name: String, showValues: Bool = false) -> (ComposeFacts?, [Diagnostic]) {
        let folder = fixturesURL.appendingPathComponent(name)
        let files = lines(folder.appendingPathComponent("files.txt"))
        let options = ComposeOptions(
            files: files.isEmpty ? ["docker-compose.yml"] : files,
            publicVariables: Set(lines(folder.appendingPathComponent("public.txt"))),
            profiles: lines(folder.appendingPathComponent("profiles.txt")),
            showValues: showValues, defaultName: name)
        let loader = ComposeLoader { path in try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) }
        return loader.load(options)
    }

    @Test("fixture matches its expectation", arguments: caseNames)
    func fixture(_ name: String) throws {
        let folder = Self.fixturesURL.appendingPathComponent(name)
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("expected.json")))
        let (facts, diagnostics) = Self.load(name)
        struct Output: Encodable {
            var compose: ComposeFacts?
            var diagnostics: [Diagnostic]
            enum CodingKeys: String, CodingKey { case compose, diagnostics }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(compose, forKey: .compose)
                try c.encode(diagnostics, forKey: .diagnostics)
            }
        }
        let actual = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Output(compose: facts, diagnostics: diagnostics)))
        let mismatches = PartialMatch.mismatches(expected: expected, actual: actual, path: "$")
        #expect(mismatches.isEmpty, Comment(rawValue: "\(name):\n" + mismatches.joined(separator: "\n")))
    }
}
