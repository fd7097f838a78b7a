import Foundation
import Testing

@Suite("docsgen command line", .serialized)
struct CLITests {
    @Test("build writes the guide as Markdown and HTML plus facts.json; a second build is byte-identical")
    func buildIsDeterministic() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        let first = try box.run(["build"])
        #expect(first.status == 0, "\(first.stderr)")
        let files = box.snapshot()
        #expect(Set(files.keys) == ["/optimization-guide.md", "/html/optimization-guide.html", "/facts.json", "/docsgen-manifest.json"])
        let second = try box.run(["build"])
        #expect(second.status == 0)
        #expect(box.snapshot() == files)
        #expect(second.stdout.contains("0 written, 4 unchanged"))
    }

    @Test("the rendered guide matches its golden file (DOCSGEN_RECORD=1 re-records and fails)")
    func golden() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        try box.run(["build"])
        let golden = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/golden")
        for file in ["optimization-guide.md", "html/optimization-guide.html", "facts.json"] {
            let actual = try box.read("Output/\(file)")
            let goldenFile = golden.appendingPathComponent(file)
            if ProcessInfo.processInfo.environment["DOCSGEN_RECORD"] == "1" {
                let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("Fixtures/golden").appendingPathComponent(file)
                try FileManager.default.createDirectory(at: sourceTree.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: sourceTree, atomically: false, encoding: .utf8)
                Issue.record("recorded \(file); run the tests again without DOCSGEN_RECORD")
                continue
            }
            let expected = try String(contentsOf: goldenFile, encoding: .utf8)
            #expect(actual == expected, "\(file) differs from its golden file")
        }
    }

    @Test("check passes on fresh output and names the file when a number in a .md was edited")
    func checkDetectsHandEdits() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        try box.run(["build"])
        #expect(try box.run(["check"]).status == 0)
        let guide = try box.read("Output/optimization-guide.md")
        try box.write("Output/optimization-guide.md", guide.replacingOccurrences(of: "(uid [1001]", with: "(uid [1000]"))
        let before = box.snapshot()
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("Output/optimization-guide.md: differs"))
        #expect(check.stdout.contains("-- [x] **Non-root user**") || check.stdout.contains("+- [x] **Non-root user**"))
        #expect(box.snapshot() == before, "check must write nothing")
    }

    @Test("removing USER turns the non-root ✓ into ✗ and check names the fact and the Dockerfile line")
    func checkNamesChangedFact() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        try box.run(["build"])
        #expect(try box.read("Output/optimization-guide.md").contains("- [x] **Non-root user**"))
        let dockerfile = try box.read("app/Dockerfile")
        try box.write("app/Dockerfile", dockerfile.replacingOccurrences(of: "USER app\n", with: ""))
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("app.runtime.user (app: user of the runtime stage): app → root (no USER instruction)"))
        #expect(check.stdout.contains("source: app/Dockerfile:10:1 (was app/Dockerfile:16:1)"))
        try box.run(["build"])
        let guide = try box.read("Output/optimization-guide.md")
        #expect(guide.contains("- [ ] **Non-root user**: the runtime stage `runtime` runs as root"))
        #expect(guide.contains("after `app/Dockerfile` line 13"))
    }

    @Test("a build that fails on bad input exits 2, prints file:line:column and leaves Output/ as it was")
    func failedBuildWritesNothing() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        try box.run(["build"])
        let before = box.snapshot()
        try box.write("app/Dockerfile", "FROM alpine:3.20\nRUN <<EOF\necho never closed\n")
        let build = try box.run(["build"])
        #expect(build.status == 2)
        #expect(build.stderr.contains("app/Dockerfile:2:1: error: unterminated heredoc [dockerfile.unterminated-heredoc]"))
        #expect(build.stderr.contains(" 2 | RUN <<EOF"))
        #expect(box.snapshot() == before)
    }

    @Test("<script> in a label or a comment is escaped in every output")
    func scriptIsEscaped() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        try box.run(["build"])
        for (path, data) in box.snapshot() {
            // In Markdown `\<script\>` is escaped text; anywhere else no `<script` may appear at all.
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\<", with: "")
            #expect(!text.contains("<script"), "\(path) contains a raw <script")
        }
        #expect(try box.read("Output/html/optimization-guide.html").contains("&lt;script&gt;alert('label')&lt;/script&gt;")
            || box.read("Output/html/optimization-guide.html").contains("&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;"))
        #expect(try box.read("Output/facts.json").contains("\\u003cscript\\u003e"))
    }

    @Test("facts --json on a Dockerfile with ARG PYTHON_VERSION resolves the base image")
    func factsOfOneFile() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        let run = try box.run(["facts", "--json", "app/Dockerfile"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let dockerfiles = try #require(json["dockerfiles"] as? [[String: Any]])
        let stages = try #require(dockerfiles.first?["stages"] as? [[String: Any]])
        let from = try #require(stages.first?["from"] as? [String: Any])
        #expect(from["image"] as? String == "python:3.13-alpine3.21")
        #expect(from["pinning"] as? String == "tag")
        #expect(json["schemaVersion"] as? Int == 1)
    }

    @Test("docsgen.yml is found from a subfolder; --config overrides; none found is exit 2")
    func configDiscovery() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        #expect(try box.run(["build"], in: box.url("app")).status == 0)
        #expect(FileManager.default.fileExists(atPath: box.url("Output/facts.json").path))
        let elsewhere = FileManager.default.temporaryDirectory
        #expect(try box.run(["check", "--config", box.url("docsgen.yml").path], in: elsewhere).status == 0)
        let missing = try box.run(["check", "--config", "/nonexistent/docsgen.yml"], in: elsewhere)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read /nonexistent/docsgen.yml"))
    }

    @Test("only files of an earlier build are removed; other files in Output/ stay")
    func staleFiles() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        try box.run(["build"])
        try box.write("Output/notes.txt", "mine")
        var manifest = try box.read("Output/docsgen-manifest.json")
        manifest = manifest.replacingOccurrences(of: "\"facts.json\",", with: "\"facts.json\",\n    \"old-report.md\",")
        manifest = manifest.replacingOccurrences(
            of: "\"files\": [", with: "\"files\": [\n    \"../docsgen.yml\",\n    \".\",\n    \"html\",\n    \"html/./x\",")
        try box.write("Output/docsgen-manifest.json", manifest)
        try box.write("Output/old-report.md", "stale")
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("Output/old-report.md: no longer generated"))
        let build = try box.run(["build"])
        #expect(build.status == 0)
        #expect(!FileManager.default.fileExists(atPath: box.url("Output/old-report.md").path))
        #expect(try box.read("Output/notes.txt") == "mine")
        #expect(FileManager.default.fileExists(atPath: box.url("docsgen.yml").path), "a manifest must not delete outside Output/")
        #expect(FileManager.default.fileExists(atPath: box.url("Output/html/optimization-guide.html").path), "nor folders")
    }

    @Test("a folder where a document goes: exit 4, and no document is changed (no half-written build)")
    func folderInTheWay() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        #expect(try box.run(["build"]).status == 0)
        // A change that touches every document, then a folder in place of the last one written.
        let dockerfile = try box.read("app/Dockerfile")
        try box.write("app/Dockerfile", dockerfile + "LABEL changed=yes\n")
        try FileManager.default.removeItem(at: box.url("Output/html/optimization-guide.html"))
        try FileManager.default.createDirectory(at: box.url("Output/html/optimization-guide.html"), withIntermediateDirectories: false)
        let before = box.snapshot()
        let build = try box.run(["build"])
        #expect(build.status == 4, "\(build.stderr)")
        #expect(build.stderr.contains("optimization-guide.html: a folder is in the way"))
        #expect(box.snapshot() == before, "every document is as it was")
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: box.url("Output").path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("Output/html as a symbolic link to a folder elsewhere: nothing is written through it (exit 4)")
    func symlinkedOutputFolder() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        #expect(try box.run(["build"]).status == 0)
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-elsewhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try "precious".write(to: elsewhere.appendingPathComponent("optimization-guide.html"), atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: box.url("Output/html"))
        try FileManager.default.createSymbolicLink(at: box.url("Output/html"), withDestinationURL: elsewhere)
        let build = try box.run(["build"])
        #expect(build.status == 4, "\(build.stderr)")
        #expect(build.stderr.contains("is a symbolic link; docsgen does not write through links inside the output folder"))
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("optimization-guide.html"), encoding: .utf8) == "precious")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == ["optimization-guide.html"])
    }

    @Test("usage errors and bad configuration exit 2 with a located message")
    func usageErrors() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        #expect(try box.run(["frobnicate"]).status == 2)
        #expect(try box.run(["--help"]).status == 0)
        try box.write("docsgen.yml", "project: x\ndockerfile:\n  - name: a\nplugins: [optimization-guide]\n")
        let run = try box.run(["build"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("docsgen.yml:2:1: error: unknown key 'dockerfile' in docsgen.yml (did you mean 'dockerfiles'?) [config.unknown-key]"))
        try box.write("docsgen.yml", "project: x\ndockerfiles: []\nplugins: [nope]\n")
        let plugin = try box.run(["build"])
        #expect(plugin.status == 2)
        #expect(plugin.stderr.contains("unknown plugin 'nope'"))
    }
}
