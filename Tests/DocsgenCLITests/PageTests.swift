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
        let refused = try box.run(["build"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("Content/pages/x.md:4:1: error: raw HTML `<script>alert(2)</script>"), "\(refused.stderr)")
        #expect(refused.stderr.contains("[pages.raw-html]"))
        try box.write("Content/pages/x.md", "---\ntitle: \"<script>alert(1)</script>\"\n---\nInline <b>bold</b> too.\n")
        #expect(try box.run(["build"]).stderr.contains("Content/pages/x.md:4:8: error: raw HTML `<b>`"))
        try box.write("Content/pages/x.md", "---\ntitle: \"<script>alert(1)</script>\"\n---\n`<script>` in code is text. {{images.backend.size}}\n")
        #expect(try box.run(["build"]).status == 0)
        let html = try box.read("Output/html/page-x.html")
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)"))
        let markdown = try box.read("Output/page-x.md")
        #expect(markdown.contains("# &lt;script&gt;alert(1)&lt;/script&gt;") || !markdown.contains("<script>alert"), "\(markdown)")
    }

    @Test("a value that is empty (a service without published ports) is missing, never an empty link; an inverted section handles it")
    func emptyValue() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\nPostgres: {{services.postgres.ports}}\n")
        let build = try box.run(["build"])
        #expect(build.status == 2)
        #expect(build.stderr.contains(
            "Content/pages/x.md:4:11: error: fact 'services.postgres.ports' has no value: service 'postgres' publishes no ports [pages.missing-fact]"), "\(build.stderr)")
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\n{{#services}}\n- {{name}}: {{#ports}}{{ports}}{{/ports}}{{^ports}}none{{/ports}}\n{{/services}}\n")
        #expect(try box.run(["build"]).status == 0)
        let page = try box.read("Output/page-x.md")
        #expect(page.contains("- [postgres](#fact-services.postgres.name): none\n"))
        #expect(page.contains("- [backend](#fact-services.backend.name): [8000→8000](#fact-services.backend.ports)\n"))
        #expect(!page.contains("[]("))
        #expect(!(try box.read("Output/page-deployment.md")).contains("[]("), "the bundled page has no empty link either")
    }

    @Test("each loop element is validated, including after a nested section it skips, and inverted sections check their keys")
    func loopValidation() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        // Neither image has a previous release with a change in every context: the nested section skips some.
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\n{{#images}}{{#baseline}}{{size}}{{/baseline}} {{sise}}{{/images}}\n")
        #expect(try box.run(["build"]).stderr.contains("Content/pages/x.md:4:47: error: unknown fact 'sise' (did you mean 'size'?)"))
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\n{{#images}}{{^baseline}}{{nmae}}{{/baseline}}{{/images}}\n")
        #expect(try box.run(["build"]).stderr.contains("Content/pages/x.md:4:25: error: unknown fact 'nmae' (did you mean 'name'?)"),
                "a section that renders nowhere today is still checked for typos")
    }

    @Test("CRLF pages render like LF pages; lint positions are right")
    func crlf() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try box.write("Content/pages/x.md", "---\r\ntitle: X\r\n---\r\nSize {{images.backend.size}}.\r\nTyped: 359 MB.\r\n")
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("Content/pages/x.md:5:8: warning: '359 MB' is typed by hand"), "\(build.stderr)")
        #expect(build.stderr.contains(" 5 | Typed: 359 MB.\n"), "the source line is shown without its CR")
        #expect(try box.read("Output/page-x.md").contains("Size [359 MB](#fact-images.backend.size).\nTyped: 359 MB.\n"))
    }

    @Test("deep nesting, loops that expand too far and huge pages are located errors, not crashes or hangs")
    func bounds() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let before = box.snapshot()
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\n" + String(repeating: "{{#images}}", count: 700) + String(repeating: "{{/images}}", count: 700) + "\n")
        let deep = try box.run(["build"])
        #expect(deep.status == 2)
        #expect(deep.stderr.contains("Content/pages/x.md:4:177: error: sections nest deeper than 16 levels [pages.too-deep]"), "\(deep.stderr.prefix(300))")
        let loops = String(repeating: "{{#images}}{{#releases}}", count: 8) + "{{size}}" + String(repeating: "{{/releases}}{{/images}}", count: 8)
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\n" + loops + "\n")
        let expanding = try box.run(["build"])
        #expect(expanding.status == 2)
        #expect(expanding.stderr.contains("error: the page's sections expand to more than 100000 placeholders"))
        try box.write("Content/pages/x.md", "---\ntitle: X\n---\n" + String(repeating: "Some prose about the images.\n", count: 40_000))
        let huge = try box.run(["build"])
        #expect(huge.status == 2)
        #expect(huge.stderr.contains("Content/pages/x.md:1:1: error: the page is larger than 1 MiB"))
        #expect(box.snapshot() == before)
    }

    @Test("front matter: YAML errors at their line and column, an empty title is refused")
    func frontMatterErrors() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try box.write("Content/pages/x.md", "---\ntitle: T\n  order: [\n---\ntext\n")
        #expect(try box.run(["build"]).stderr.contains("Content/pages/x.md:3:8: error: invalid front matter: mapping values are not allowed in this context"))
        try box.write("Content/pages/x.md", "---\norder: 2\ntitle: \"  \"\n---\ntext\n")
        let empty = try box.run(["build"])
        #expect(empty.stderr.contains("Content/pages/x.md:3:1: error: 'title' is empty"), "\(empty.stderr)")
        #expect(!empty.stderr.contains("has no `title`"))
    }

    @Test("lint reads prose only: fences of either kind, indented code, front matter, URLs and reference definitions are skipped; NBSP matches")
    func lintProseOnly() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let page = [
            "---", "title: Size 359 MB", "---",                       // 1-3: front matter
            "~~~", "```", "359 MB in a tilde fence", "~~~",            // 4-7: a backtick line does not close a tilde fence
            "", "    359 MB indented code", "",                         // 8-10
            "[ref]: https://example.com/359 MB", "",                    // 11-12
            "See [the guide](https://example.com/359%20MB) and https://example.com/359 MB", "", // 13-14
            "Typed with a no-break space: 359\u{00A0}MB.",             // 15
        ].joined(separator: "\n") + "\n"
        try box.write("Content/pages/x.md", page)
        let lint = try box.run(["lint"])
        #expect(lint.status == 1)
        let found = lint.stderr.split(separator: "\n").filter { $0.hasPrefix("Content/pages/x.md:") }
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("Content/pages/x.md:15:30: warning: '359 MB' is typed by hand") == true, "\(found)")
    }

    @Test("a page that is a symbolic link to a file outside the project is refused, and nothing of that file is printed")
    func symlinkOutside() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-secret-\(UUID().uuidString).md")
        try "---\ntitle: SECRET-LINE\n---\n{{nope}}\n".write(to: outside, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: box.url("Content/pages/x.md"), withDestinationURL: outside)
        let build = try box.run(["build"])
        #expect(build.status == 2)
        #expect(build.stderr.contains("Content/pages/x.md:1:1: error: Content/pages/x.md is a symbolic link to a file outside the project"), "\(build.stderr)")
        #expect(!build.stderr.contains("SECRET-LINE"))
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
        #expect(build.stderr.contains("Content/pages/x.md:3:17: error: plugin-section 'no-such-plugin'"), "\(build.stderr)")
        #expect(build.stderr.contains("[pages.unknown-section]"))
    }
}
