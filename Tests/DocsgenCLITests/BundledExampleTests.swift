import Foundation
import Testing

/// The acceptance checks of the bundled example, run on a copy of the repository's own `Content/` and `Output/`.
@Suite("bundled example", .serialized)
struct BundledExampleTests {
    @Test("the committed Output/ matches the bundled example")
    func committedOutputIsCurrent() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let check = try box.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("removing the backend's USER line: check exits 1 naming the non-root fact and the Dockerfile line")
    func removingUserIsDrift() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let dockerfile = try box.read("Content/backend/Dockerfile")
        let lines = dockerfile.split(separator: "\n", omittingEmptySubsequences: false)
        let userLine = try #require(lines.firstIndex { $0 == "USER appuser" }) + 1
        try box.write("Content/backend/Dockerfile", dockerfile.replacingOccurrences(of: "\nUSER appuser\n", with: "\n"))
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("backend.runtime.user (backend: user of the runtime stage): appuser → root (no USER instruction)"))
        #expect(check.stdout.contains("(was Content/backend/Dockerfile:\(userLine):1)"))
        #expect(check.stdout.contains("Output/optimization-guide.md: differs"))
    }

    @Test("the guide's HTML has real tables, checkboxes, a contents list and fact links")
    func htmlStructure() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let html = try box.read("Output/html/optimization-guide.html")
        #expect(html.contains("<table>"))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"))
        #expect(html.contains("<nav class=\"toc\" aria-label=\"Contents\">"))
        #expect(html.contains("<a href=\"#fact-backend.runtime.user\"><code>appuser</code></a>"))
        #expect(html.contains("<tr id=\"fact-backend.runtime.user\">"))
    }
}
