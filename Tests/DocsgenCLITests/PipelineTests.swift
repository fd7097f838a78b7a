@testable import DocsgenCLI
@testable import DocsgenEngine
import DocsgenCore
import Foundation
import Testing

@Suite("pipeline")
struct PipelineTests {
    struct FailingPlugin: ReportPlugin {
        let name = "broken"
        let summary = "always fails"
        struct Failure: Error, CustomStringConvertible { var description: String { "no facts to work with" } }
        func render(_ input: PluginInput) throws -> PluginOutput { throw Failure() }
    }

    @Test("a plugin that throws is a plugin failure (exit 3) naming the plugin")
    func pluginFailure() throws {
        let config = ProjectConfig(project: "p", dockerfiles: [], plugins: [.init(name: "broken")])
        let project = Project(root: URL(fileURLWithPath: "/tmp"), configFile: "docsgen.yml", config: config, diagnostics: [])
        var generator = Generator(project: project, plugins: [FailingPlugin()])
        #expect(throws: DocsgenError.pluginFailed(name: "broken", reason: "no facts to work with")) {
            try generator.generate(ProjectFacts(project: "p", dockerfiles: [], diagnostics: []))
        }
        #expect(DocsgenError.pluginFailed(name: "broken", reason: "").exitCode == 3)
    }

    @Test("unified diff shows changed lines with context and correct ranges")
    func unifiedDiff() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        let diff = UnifiedDiff.render(old: old, new: new, oldName: "a/x", newName: "b/x")
        #expect(diff == """
            --- a/x
            +++ b/x
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
        #expect(UnifiedDiff.render(old: old, new: old, oldName: "a", newName: "b").isEmpty)
    }

    @Test("JSON output is sorted, indented and keeps markup characters out")
    func jsonOutput() throws {
        struct Value: Encodable { var b = "<x> & y"; var a: [Int] = []; var c = ["k": 1] }
        #expect(try JSONOutput.string(Value()) == "{\n  \"a\": [],\n  \"b\": \"\\u003cx\\u003e & y\",\n  \"c\": {\n    \"k\": 1\n  }\n}\n")
    }

    @Test("a manifest never lets docsgen delete outside the output folder")
    func manifestSafety() {
        let manifest = Manifest(files: ["a.md", "../x", "/etc/passwd", "html/../../y", "html/b.html"], documents: [:])
        #expect(manifest.safeFiles == ["a.md", "html/b.html"])
    }
}

/// docsgen's JSON writer against Foundation's encoder (re-indented): the same bytes for every kind of value.
@Suite("JSON writer")
struct JSONWriterTests {
    struct Sample: Encodable {
        enum Kind: String, Encodable { case file, folder }
        var text: String
        var numbers: [Double]
        var integers: [Int64]
        var flags: [Bool]
        var missing: String?
        var present: Int?
        var kind: Kind
        var map: [String: [String]]
        var nested: [Sample]
        var empty: [String: Int] = [:]
        var none: [Int] = []
    }

    static func control() -> String {
        var text = ""
        for scalar in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        return text + "\u{7f}\"\\/<script>é😀\u{2028}"
    }

    @Test("the same bytes as JSONEncoder + re-indenting, for strings, numbers, optionals, enums, maps and nesting")
    func sameBytes() throws {
        let leaf = Sample(
            text: Self.control(), numbers: [0, -0.0, 1, 0.1, 1.5, 1e21, 1e-7, 123456789012345678, 5e-324, 2.5e-5, 1e16, 12345.678, 1.0 / 3],
            integers: [0, -1, Int64.max, Int64.min], flags: [true, false], missing: nil, present: 3, kind: .folder,
            map: ["b": ["x"], "a": [], "B": ["<"], "é": ["y"], "Z": [], "aa": ["\n"]], nested: [])
        let root = Sample(text: "", numbers: [], integers: [], flags: [], missing: "m", present: nil, kind: .file,
                          map: [:], nested: [leaf, leaf])
        for value in [root, leaf] {
            let ours = try JSONOutput.encode(value)
            let foundation = try JSONOutput.encodeWithFoundation(value)
            #expect(ours == foundation, "\(String(decoding: ours, as: UTF8.self))\n---\n\(String(decoding: foundation, as: UTF8.self))")
        }
        #expect(try JSONOutput.encode([String: Int]()) == Data("{}\n".utf8))
        #expect(try JSONOutput.encode("x") == Data("\"x\"\n".utf8))
    }

    @Test("a number that is not finite is an encoding failure, as in JSONEncoder")
    func notFinite() {
        #expect(throws: DocsgenError.self) { try JSONOutput.encode([Double.nan]) }
        #expect(throws: DocsgenError.self) { try JSONOutput.encodeWithFoundation([Double.infinity]) }
    }
}
