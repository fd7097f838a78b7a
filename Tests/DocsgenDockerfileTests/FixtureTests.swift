import DocsgenCore
import DocsgenDockerfile
import Foundation
import DocsgenTestSupport
import Testing

/// Every folder in `Fixtures/` holds a `Dockerfile` and an `expected.json` that partially matches
/// `{"dockerfile": <facts or null>, "diagnostics": [...]}` (see `PartialMatch`).
@Suite("Dockerfile fixtures")
struct FixtureTests {
    static let fixturesURL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesURL.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test("at least 40 valid and 10 malformed fixtures")
    func fixtureCounts() {
        let bad = Self.caseNames.filter { $0.hasPrefix("bad-") }
        #expect(Self.caseNames.count - bad.count >= 40)
        #expect(bad.count >= 10)
    }

    @Test("fixture matches its expectation", arguments: caseNames)
    func fixture(_ name: String) throws {
        let folder = Self.fixturesURL.appendingPathComponent(name)
        let data = try Data(contentsOf: folder.appendingPathComponent("Dockerfile"))
        let text = try #require(String(data: data, encoding: .utf8))
        let expected = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("expected.json")), options: [.fragmentsAllowed])

        let result = DockerfileReader().read(text, name: name, path: "Dockerfile")
        struct Output: Encodable {
            var dockerfile: DockerfileFacts?
            var diagnostics: [Diagnostic]
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(dockerfile, forKey: .dockerfile)
                try c.encode(diagnostics, forKey: .diagnostics)
            }
            enum CodingKeys: String, CodingKey { case dockerfile, diagnostics }
        }
        let actualData = try JSONEncoder().encode(Output(dockerfile: result.facts, diagnostics: result.diagnostics))
        let actual = try JSONSerialization.jsonObject(with: actualData, options: [.fragmentsAllowed])
        let mismatches = PartialMatch.mismatches(expected: expected, actual: actual, path: "$")
        #expect(mismatches.isEmpty, Comment(rawValue: "\(name):\n" + mismatches.joined(separator: "\n")))
        if name.hasPrefix("bad-") {
            #expect(result.facts == nil || result.diagnostics.containsErrors)
        } else {
            #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        }
    }
}
