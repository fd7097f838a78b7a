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
