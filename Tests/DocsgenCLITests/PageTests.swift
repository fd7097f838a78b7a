import Foundation
import Testing

/// Prose pages and `docsgen lint`, end to end on a copy of the bundled example.
@Suite("prose pages")
struct PageTests {
    @Test("an unknown placeholder fails at file:line:column with the nearest key, exit 2, Output/ unchanged")
    func unknownFact() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let before = box.snapshot()
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\n\nThe backend is\nnow {{images.backend.sise}}.\n")
        let build = try box.run(["build"])
        #expect(build.status == 2)
        #expect(build.stderr.contains("Content/pages/x.md:6:5: error: unknown fact 'images.backend.sise' (did you mean 'images.backend.size'?) [pages.unknown-fact]"), "\(build.stderr)")
        #expect(box.snapshot() == before)
    }

    @Test("a known key without a value is an error naming why, never an empty string")
    func missingValue() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\n{{images.backend.previous.release}} {{release}}\n")
        let build = try box.run(["build"])
        #expect(build.status == 2)
        #expect(build.stderr.contains("Content/pages/x.md:4:37: error: fact 'release' has no value: no `release:` is configured"), "\(build.stderr)")
    }

    @Test("placeholders render as links to the page's Sources rows; loops run over images; check covers pages")
    func rendering() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try box.write("Content/pages/x.md", "---\ntitle: Sizes\norder: 1\n---\n{{#images}}\n- {{name}}: {{size}} ({{size.bytes}} bytes)\n{{/images}}\n")
        #expect(try box.run(["build"]).status == 0)
        let page = try box.read("Output/page-x.md")
        #expect(page.contains("- [backend](#fact-images.backend.name): [359 MB](#fact-images.backend.size) ([358932483](#fact-images.backend.size) bytes)"), "\(page)")
        #expect(page.contains("| `images.backend.size` | backend: image size (docker image inspect size) | 359 MB |"))
        #expect(try box.read("Output/html/optimization-guide.html").contains("href=\"page-x.html\""))
        // Editing the generated page by hand is drift like any document.
        try box.write("Output/page-x.md", page.replacingOccurrences(of: "359 MB", with: "350 MB"))
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("Output/page-x.md"))
    }

    @Test("<script> in front matter and prose is escaped in Markdown and HTML")
    func hostileFrontMatter() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try box.write("Content/pages/x.md", "---\ntitle: \"<script>alert(1)</script>\"\n---\n<script>alert(2)</script> {{images.backend.size}}\n")
        #expect(try box.run(["build"]).status == 0)
        let html = try box.read("Output/html/page-x.html")
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)"))
    }

    @Test("docsgen lint reports a typed size with the placeholder to use, exit 1; build only warns")
    func lint() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        #expect(try box.run(["lint"]).status == 0)
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\nThe backend is 359 MB, `359 MB` in code is fine, and {{images.backend.size}} is a placeholder.\n")
        let lint = try box.run(["lint"])
        #expect(lint.status == 1)
        #expect(lint.stderr.contains("Content/pages/x.md:4:16: warning: '359 MB' is typed by hand and equals the fact 'images.backend.size'; write {{images.backend.size}} so it follows the facts [pages.typed-number]"), "\(lint.stderr)")
        #expect(!lint.stderr.contains("4:27:"), "inline code is not prose")
        let build = try box.run(["build"])
        #expect(build.status == 0)
        #expect(build.stderr.contains("[pages.typed-number]"))
    }

    @Test("plugin-section appends a page to a document; an unknown section is an error")
    func pluginSection() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        #expect(try box.read("Output/completion-report.md").contains("### Known issues (from the team)"))
        try box.write("Content/pages/x.md", "---\ntitle: X\nplugin-section: no-such-plugin\n---\ntext\n")
        let build = try box.run(["build"])
        #expect(build.status == 2)
        #expect(build.stderr.contains("[pages.unknown-section]"))
    }
}
