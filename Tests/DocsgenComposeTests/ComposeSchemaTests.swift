@testable import DocsgenCompose
import DocsgenCore
import Testing

/// How scalars are typed and converted before the schema sees them, and what schema diagnostics show.
@Suite("compose schema")
struct ComposeSchemaTests {
    struct Typing: Sendable, CustomStringConvertible {
        var text: String
        var isString = false
        var kind: ScalarValue.Kind
        var description: String { (isString ? "\"\(text)\"" : text) + " → \(kind)" }
    }

    /// go-yaml v3's reading of plain scalars, checked against Docker Compose v2.40.3 (`user: <value>`).
    static let typings: [Typing] = [
        Typing(text: "8080", kind: .number), Typing(text: "8080", isString: true, kind: .string),
        Typing(text: "1_000", kind: .number), Typing(text: "0x10", kind: .number), Typing(text: "0o7", kind: .number),
        Typing(text: "0b1", kind: .number), Typing(text: "08", kind: .number), Typing(text: ".5", kind: .number),
        Typing(text: "+5", kind: .number), Typing(text: "1e3", kind: .number), Typing(text: ".inf", kind: .number),
        Typing(text: "True", kind: .boolean), Typing(text: "tRUE", kind: .string), Typing(text: "yes", kind: .string),
        Typing(text: "~", kind: .null), Typing(text: "", kind: .null), Typing(text: "12:30", kind: .string),
        Typing(text: "1001:1001", kind: .string), Typing(text: "2020-01-01", kind: .timestamp),
        Typing(text: "2001-1-1", kind: .timestamp), Typing(text: "2001-12-14t21:59:43.10-05:00", kind: .timestamp),
        Typing(text: "2001-12-14 21:59:43.10", kind: .timestamp), Typing(text: "2001-13-01", kind: .string),
        Typing(text: "2001-12-14 21:59:43.10 -5", kind: .string),
    ]

    @Test("plain scalars are typed as Compose's YAML reader types them", arguments: typings)
    func typing(_ typing: Typing) {
        #expect(ScalarValue(typing.text, isString: typing.isString).kind == typing.kind)
    }

    @Test("strings are converted as Compose converts them while interpolating")
    func conversions() {
        let string = { (text: String) in ScalarValue(text, isString: true) }
        #expect(string("2").converted(by: .integer)?.number == 2)
        #expect(string(" 2").converted(by: .integer) == nil)
        #expect(string("1.5").converted(by: .integer) == nil)
        #expect(string("1_0").converted(by: .number)?.number == 10)
        #expect(string("1e400").converted(by: .number) == nil)
        #expect(string("Y").converted(by: .boolean)?.kind == .boolean)
        #expect(string("1").converted(by: .boolean) == nil)
    }

    func load(_ yaml: String, env: String? = nil) -> (ComposeFacts?, [Diagnostic]) {
        var files = ["docker-compose.yml": yaml]
        if let env { files[".env"] = env }
        let snapshot = files
        return ComposeLoader { snapshot[$0] }.load(ComposeOptions(files: ["docker-compose.yml"], defaultName: "t"))
    }

    @Test("a value from .env is masked in a schema message")
    func maskedValue() {
        let (facts, diagnostics) = load("services:\n  w:\n    image: x\n    cgroup: ${MODE}\n", env: "MODE=hunter2\n")
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["compose.invalid-value"])
        #expect(diagnostics.first?.message.contains("hunter2") == false, "\(diagnostics)")
        #expect(diagnostics.first?.message.contains("${MODE}") == true, "\(diagnostics)")
    }

    @Test("every problem is reported, each at its own place")
    func severalProblems() {
        let (_, diagnostics) = load("services:\n  w:\n    image: 5\n    restartt: always\n    ports: [{target: 80, mode: host, bogus: 1}]\n")
        #expect(diagnostics.map(\.id) == ["compose.type", "compose.unknown-key", "compose.unknown-key"])
        #expect(diagnostics.map { $0.location?.line } == [3, 4, 5])
        #expect(diagnostics[1].message.contains("did you mean 'restart'?"))
    }

    @Test("an unknown key in an included file is found there; unknown keys of include entries are ignored, as Compose does")
    func includedFiles() {
        let files = [
            "docker-compose.yml": "include:\n  - path: inc.yml\n    note: ignored\nservices:\n  a:\n    image: x\n",
            "inc.yml": "servics:\n  b:\n    image: y\n",
        ]
        let (_, diagnostics) = ComposeLoader { files[$0] }.load(ComposeOptions(files: ["docker-compose.yml"], defaultName: "t"))
        #expect(diagnostics.map(\.id) == ["compose.unknown-key"])
        #expect(diagnostics.first?.location == SourceLocation(file: "inc.yml", line: 1, column: 1))
    }

    @Test("merging override files keeps the model valid (depends_on lists, extra_hosts)")
    func mergedOverrides() {
        let files = [
            "a.yml": "services:\n  a:\n    image: x\n    depends_on: [b]\n    extra_hosts: [\"h:1.2.3.4\"]\n  b:\n    image: y\n",
            "b.yml": "services:\n  a:\n    depends_on: [b]\n    extra_hosts:\n      g: 1.2.3.5\n",
        ]
        let (facts, diagnostics) = ComposeLoader { files[$0] }.load(ComposeOptions(files: ["a.yml", "b.yml"], defaultName: "t"))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(facts?.services.first?.dependsOn.map(\.condition) == ["service_started"])
    }
}
