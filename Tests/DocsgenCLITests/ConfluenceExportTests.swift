import Foundation
import Testing
import DocsgenRender
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The Confluence storage-format converter and `docsgen publish --export`: every page of the example is
/// well-formed XML (Foundation's XMLParser), one page matches its golden file, and hostile Markdown stays text.
@Suite("Confluence export")
struct ConfluenceExportTests {
    /// Parses `storage` inside one root that declares Confluence's namespaces; the parser's error, if any.
    static func wellFormed(_ storage: String) -> String? {
        let document = "<root xmlns:ac=\"http://atlassian.com/content\" xmlns:ri=\"http://atlassian.com/resource/identifier\">" + storage + "</root>"
        let parser = XMLParser(data: Data(document.utf8))
        parser.shouldProcessNamespaces = true
        return parser.parse() ? nil : "\(parser.parserError.map { "\($0)" } ?? "unknown error") at line \(parser.lineNumber), column \(parser.columnNumber)"
    }

    @Test("publish --export writes every page as well-formed storage format, attachments and a plan; security-summary matches its golden file")
    func export() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let config = try box.read("docsgen.yml")
        try box.write("docsgen.yml", config + "\npublish:\n  - name: confluence\n    kind: confluence\n    base-url: https://confluence.example.invalid\n    space: OPS\n    parent-page: Container builds\n")
        #expect(try box.run(["build"]).status == 0)
        let run = try box.run(["publish", "--export", "export"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("docsgen: confluence: 7 pages exported"))
        let pages = box.url("export/confluence/pages")
        let files = try FileManager.default.contentsOfDirectory(atPath: pages.path).sorted()
        #expect(files.count == 7)
        for file in files {
            let storage = try String(contentsOf: pages.appendingPathComponent(file), encoding: .utf8)
            #expect(Self.wellFormed(storage) == nil, "\(file): \(Self.wellFormed(storage) ?? "")")
        }
        let completion = try String(contentsOf: pages.appendingPathComponent("completion-report.xml"), encoding: .utf8)
        #expect(completion.contains("<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status>"))
        #expect(completion.contains("<ac:task-status>incomplete</ac:task-status>"), "not verified items are open tasks")
        #expect(completion.contains("<table><tbody><tr><th>"))
        let plan = try box.read("export/confluence/plan.json")
        #expect(plan.contains("\"parentPage\": \"Container builds\"") && plan.contains("\"image-sizes.svg\""))
        #expect(FileManager.default.fileExists(atPath: box.url("export/confluence/attachments/image-sizes.svg").path))

        let actual = try String(contentsOf: pages.appendingPathComponent("security-summary.xml"), encoding: .utf8)
        let name = "confluence/security-summary.xml"
        if ProcessInfo.processInfo.environment["DOCSGEN_RECORD"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden").appendingPathComponent(name)
            try actual.write(to: source, atomically: false, encoding: .utf8)
            Issue.record("recorded \(name); run the tests again without DOCSGEN_RECORD")
        } else {
            let expected = try String(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/golden").appendingPathComponent(name), encoding: .utf8)
            #expect(actual == expected, "\(name) differs from its golden file")
        }
    }

    @Test("the converter: tables, task lists, code with ]]>, raw HTML as text, links between pages, images of attachments")
    func converter() {
        let markdown = """
            # Not repeated

            Hello <script>alert(1)</script> & **bold** ~~gone~~ [value](#fact-images.backend.size) [guide](build-report.md) [site](https://example.com/?a=1&b=2)

            | A | B |
            |---|---|
            | `x<y` | 2 |

            - [x] done
            - [ ] open

            ```sh
            echo "]]>" && exit
            ```

            ![chart](assets/chart.svg)

            <div onclick="x()">block</div>
            """
        let storage = ConfluenceStorage(pageTitle: "Build Report", pages: ["build-report.md": "Docker Build Report"]).render(markdown)
        #expect(Self.wellFormed(storage) == nil, "\(Self.wellFormed(storage) ?? "") in \(storage)")
        #expect(storage.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>bold</strong> <del>gone</del>"))
        #expect(storage.contains("<a href=\"#BuildReport-Sources\">value</a>"))
        #expect(storage.contains("<ac:link><ri:page ri:content-title=\"Docker Build Report\"/><ac:link-body>guide</ac:link-body></ac:link>"))
        #expect(storage.contains("<a href=\"https://example.com/?a=1&amp;b=2\">site</a>"))
        #expect(storage.contains("<table><tbody><tr><th>A</th><th>B</th></tr><tr><td><code>x&lt;y</code></td><td>2</td></tr></tbody></table>"))
        #expect(storage.contains("<ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>done</ac:task-body></ac:task>"))
        #expect(storage.contains("<ac:task-status>incomplete</ac:task-status><ac:task-body>open</ac:task-body>"))
        #expect(storage.contains("<![CDATA[echo \"]]]]><![CDATA[>\" && exit\n]]>"))
        #expect(storage.contains("<ac:image><ri:attachment ri:filename=\"chart.svg\"/></ac:image>"))
        #expect(storage.contains("<p>&lt;div onclick=&quot;x()&quot;&gt;block&lt;/div&gt;"))
        #expect(!storage.contains("<script") && !storage.contains("<div"))
    }
}
