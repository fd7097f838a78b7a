import DocsgenCore
import DocsgenDockerfile
import Foundation
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

/// Compares an expected JSON value with an actual one: objects match on the expected keys only, arrays
/// must have the same length and match element by element, scalars must be equal.
enum PartialMatch {
    static func mismatches(expected: Any, actual: Any, path: String) -> [String] {
        switch expected {
        case let object as [String: Any]:
            guard let actualObject = actual as? [String: Any] else { return ["\(path): expected an object, got \(describe(actual))"] }
            return object.keys.sorted().flatMap { key -> [String] in
                guard let value = actualObject[key] else { return ["\(path).\(key): missing"] }
                return mismatches(expected: object[key]!, actual: value, path: "\(path).\(key)")
            }
        case let array as [Any]:
            guard let actualArray = actual as? [Any] else { return ["\(path): expected an array, got \(describe(actual))"] }
            guard array.count == actualArray.count else {
                return ["\(path): expected \(array.count) elements, got \(actualArray.count): \(describe(actual))"]
            }
            return zip(array, actualArray).enumerated().flatMap { index, pair in
                mismatches(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]")
            }
        case is NSNull:
            return actual is NSNull ? [] : ["\(path): expected null, got \(describe(actual))"]
        case let number as NSNumber:
            guard let other = actual as? NSNumber, !(actual is NSNull) else { return ["\(path): expected \(number), got \(describe(actual))"] }
            return number.doubleValue == other.doubleValue ? [] : ["\(path): expected \(number), got \(other)"]
        case let string as String:
            return (actual as? String) == string ? [] : ["\(path): expected \"\(string)\", got \(describe(actual))"]
        default:
            return ["\(path): unsupported expectation \(expected)"]
        }
    }

    static func describe(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value) || value is String || value is NSNumber || value is NSNull,
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
        else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
