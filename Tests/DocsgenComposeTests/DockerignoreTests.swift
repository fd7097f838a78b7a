import DocsgenCore
@testable import DocsgenCompose
import Foundation
import Testing

@Suite("dockerignore reader")
struct DockerignoreTests {
    /// `pattern @line`, with `!` in front of exceptions.
    static func summary(_ facts: DockerignoreFacts) -> [String] {
        facts.patterns.map { "\($0.isException ? "!" : "")\($0.pattern) @\($0.line)" }
    }

    @Test("comments, blank lines, exceptions, a leading slash, cleaning and line numbers")
    func rules() {
        let text = """
            # comment
            
               \t
            node_modules
            !keep.txt
            !  spaced\t
            /leading
            a//b/../c
              # not a comment: only a # in the first column starts one
            !
            ./x/./y/
            /
            ../up
            /../rooted
            """
        let facts = DockerignoreReader().read(text, path: "app/.dockerignore", context: "app")
        #expect(facts.path == "app/.dockerignore")
        #expect(facts.context == "app")
        #expect(Self.summary(facts) == [
            "node_modules @4",
            "!keep.txt @5",
            "!spaced @6",
            "leading @7",
            "a/c @8",
            "# not a comment: only a # in the first column starts one @9",
            "x/y @11",
            "/ @12",
            "../up @13",
            "rooted @14",
        ])
    }

    @Test("Windows line endings are dropped and do not shift line numbers")
    func crlf() {
        let text = "dist\r\n# comment\r\n\r\n!dist/keep \r\n*.log\r\n"
        let facts = DockerignoreReader().read(text, path: ".dockerignore", context: ".")
        #expect(Self.summary(facts) == ["dist @1", "!dist/keep @4", "*.log @5"])
    }

    @Test("a byte order mark before a comment on the first line")
    func byteOrderMark() {
        let facts = DockerignoreReader().read("\u{FEFF}# comment\nbuild/\n", path: ".dockerignore", context: ".")
        #expect(Self.summary(facts) == ["build @2"])
    }

    @Test("an empty file has no patterns")
    func empty() {
        #expect(DockerignoreReader().read("", path: ".dockerignore", context: ".").patterns.isEmpty)
        #expect(DockerignoreReader().read("\n\n# x\n", path: ".dockerignore", context: ".").patterns.isEmpty)
    }

    @Test("filepath.Clean", arguments: [
        ("a//b/../c", "a/c"),
        ("/../x", "/x"),
        ("a/..", "."),
        ("../a/", "../a"),
        ("./", "."),
        ("a/b/", "a/b"),
        ("//a", "/a"),
        ("a/../../b", "../b"),
        ("**/tests/", "**/tests"),
        ("/", "/"),
    ])
    func clean(_ input: String, _ expected: String) {
        #expect(DockerignoreReader.clean(input) == expected)
    }

    @Test("the backend image's .dockerignore")
    func backend() throws {
        let url = try #require(Bundle.module.resourceURL)
            .appendingPathComponent("Fixtures/dockerignore/backend.dockerignore")
        let text = try String(contentsOf: url, encoding: .utf8)
        let facts = DockerignoreReader().read(text, path: "backend/.dockerignore", context: "backend")
        #expect(facts.patterns.count == 52)
        let byLine = Dictionary(uniqueKeysWithValues: facts.patterns.map { ($0.line, $0) })
        #expect(facts.patterns.first == IgnorePattern(pattern: ".git", isException: false, line: 6))
        #expect(byLine[13]?.pattern == "__pycache__")
        #expect(byLine[14]?.pattern == "**/__pycache__")
        #expect(byLine[15]?.pattern == "*.py[cod]")
        #expect(byLine[47] == IgnorePattern(pattern: ".env.*", isException: false, line: 47))
        #expect(byLine[48] == IgnorePattern(pattern: ".env.example", isException: true, line: 48))
        #expect(facts.patterns.filter(\.isException).map(\.line) == [48])
        #expect(facts.patterns.last == IgnorePattern(pattern: "docker-compose*.yml", isException: false, line: 72))
    }
}
