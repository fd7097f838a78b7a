import DocsgenCore
@testable import DocsgenDockerfile
import Testing

/// `${V#p}`, `${V%p}` and `${V/p/r}` match in one pass per position; these tests hold them to the plain definition
/// (try every prefix, suffix or substring with `Glob.matches`), and to their bounds on hostile input.
@Suite("pattern substitutions")
struct SubstitutionTests {
    /// A small deterministic generator, so every run tries the same cases.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func text(from alphabet: [Character], upTo length: Int) -> String {
            String((0..<next(length + 1)).map { _ in alphabet[next(alphabet.count)] })
        }
    }

    static func referencePrefix(_ value: String, _ pattern: String, longest: Bool) -> String {
        let chars = Array(value)
        let lengths = longest ? Array((0...chars.count).reversed()) : Array(0...chars.count)
        let length = lengths.first { Glob.matches(pattern: pattern, name: String(chars[..<$0])) }
        return length.map { String(chars[$0...]) } ?? value
    }

    static func referenceSuffix(_ value: String, _ pattern: String, longest: Bool) -> String {
        let chars = Array(value)
        let starts = longest ? Array(0...chars.count) : Array((0...chars.count).reversed())
        let start = starts.first { Glob.matches(pattern: pattern, name: String(chars[$0...])) }
        return start.map { String(chars[..<$0]) } ?? value
    }

    static func referenceReplace(_ value: String, _ pattern: String, _ replacement: String, all: Bool) -> String {
        guard !pattern.isEmpty else { return value }
        let chars = Array(value)
        var out = "", index = 0, replaced = false
        while index < chars.count {
            if !replaced || all, let end = (index + 1...chars.count).reversed().first(where: {
                Glob.matches(pattern: pattern, name: String(chars[index..<$0]))
            }) {
                out += replacement
                index = end
                replaced = true
            } else {
                out.append(chars[index])
                index += 1
            }
        }
        return out
    }

    @Test("every substitution agrees with trying each prefix, suffix and substring", arguments: 0..<4)
    func agreesWithDefinition(_ seed: Int) throws {
        var random = Generator(state: UInt64(seed) &+ 0x9E37_79B9)
        let values: [Character] = ["a", "b", ".", "-", "é"]
        let patterns: [Character] = ["a", "b", ".", "*", "?", "[", "]", "-", "é"]
        for _ in 0..<500 {
            let value = random.text(from: values, upTo: 10)
            let pattern = random.text(from: patterns, upTo: 5)
            for longest in [false, true] {
                var budget = Int.max
                let prefix = try ShellExpander.trimPrefix(value, pattern: pattern, longest: longest, budget: &budget)
                #expect(prefix == Self.referencePrefix(value, pattern, longest: longest), "\(value) # \(pattern)")
                let suffix = try ShellExpander.trimSuffix(value, pattern: pattern, longest: longest, budget: &budget)
                #expect(suffix == Self.referenceSuffix(value, pattern, longest: longest), "\(value) % \(pattern)")
                let replaced = try ShellExpander.replace(value, pattern: pattern, with: "X", all: longest, budget: &budget)
                #expect(replaced == Self.referenceReplace(value, pattern, "X", all: longest), "\(value) / \(pattern)")
            }
        }
    }

    @Test("a pattern that keeps matching at every position runs out of budget with an error, not a hang")
    func costlyPattern() {
        let text = "ARG V=\(String(repeating: "a", count: 8000))\nFROM alpine:${V//?*b/c}\n"
        let result = DockerfileReader().read(text, name: "t", path: "Dockerfile")
        #expect(result.facts == nil)
        #expect(result.diagnostics.map(\.id) == ["dockerfile.substitution"])
        #expect(result.diagnostics.first?.message.contains("too costly") == true)
    }

    @Test("a replacement repeated at every character cannot grow past the expansion limit")
    func growingReplacement() {
        let text = "ARG V=\(String(repeating: "a", count: 2000))\nARG W=${V//?/${V}}\nFROM alpine\n"
        let result = DockerfileReader().read(text, name: "t", path: "Dockerfile")
        #expect(result.diagnostics.map(\.id) == ["dockerfile.substitution"])
        #expect(result.diagnostics.first?.location?.line == 2)
    }
}
