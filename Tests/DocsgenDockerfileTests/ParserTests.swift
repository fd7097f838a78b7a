import DocsgenCore
@testable import DocsgenDockerfile
import Testing

@Suite("Dockerfile parser")
struct ParserTests {
    @Test("ARG before FROM resolves the base image and its pinning")
    func argumentSubstitution() throws {
        let text = "ARG PYTHON_VERSION=3.13\nFROM python:${PYTHON_VERSION}-alpine3.21 AS builder\n"
        let facts = try #require(DockerfileReader().read(text, name: "t", path: "Dockerfile").facts)
        #expect(facts.stages[0].from.image == "python:3.13-alpine3.21")
        #expect(facts.stages[0].from.pinning == .tag)
        #expect(facts.stages[0].name == "builder")
    }

    @Test("a build argument from docsgen.yml overrides the ARG default")
    func buildArgumentOverride() throws {
        let text = "ARG V=3.13\nFROM python:${V}-slim\n"
        let facts = try #require(DockerfileReader().read(text, name: "t", path: "D", buildArgs: ["V": "3.12"]).facts)
        #expect(facts.stages[0].from.image == "python:3.12-slim")
    }

    struct PinningCase: Sendable, CustomTestStringConvertible {
        var reference: String
        var pinning: Pinning
        var testDescription: String { reference }
    }

    @Test("pinning of image references", arguments: [
        PinningCase(reference: "python:3.13-alpine3.21", pinning: .tag),
        PinningCase(reference: "python", pinning: .none),
        PinningCase(reference: "python:latest", pinning: .latest),
        PinningCase(reference: "localhost:5000/app", pinning: .none),
        PinningCase(reference: "localhost:5000/app:1.2", pinning: .tag),
        PinningCase(reference: "alpine@sha256:" + String(repeating: "a", count: 64), pinning: .digest),
        PinningCase(reference: "alpine:3.20@sha256:" + String(repeating: "b", count: 64), pinning: .digest),
    ])
    func pinning(_ test: PinningCase) {
        #expect(Pinning(reference: test.reference) == test.pinning)
    }

    @Test("line continuation with a comment and an empty line inside")
    func continuation() throws {
        let parsed = try DockerfileParser().parse("FROM a\nRUN echo a \\\n# comment\n\n  b\nUSER x\n")
        #expect(parsed.instructions.map(\.startLine) == [1, 2, 6])
        #expect(parsed.instructions[1].endLine == 5)
        #expect(parsed.instructions[1].values == ["echo a   b"])
        #expect(parsed.warnings.map(\.id) == ["dockerfile.empty-continuation"])
    }

    @Test("two heredocs on one line, one quoted and chomped")
    func heredocs() throws {
        let parsed = try DockerfileParser().parse("FROM a\nCOPY <<A <<-\"B\" /x\na1\nA\n\tb1\n\tB\nUSER u\n")
        let copy = parsed.instructions[1]
        #expect(copy.heredocs.map(\.name) == ["A", "B"])
        #expect(copy.heredocs.map(\.content) == ["a1\n", "\tb1\n"])
        #expect(copy.heredocs.map(\.expand) == [true, false])
        #expect(copy.endLine == 6)
        #expect(parsed.instructions[2].startLine == 7)
    }

    @Test("unterminated heredoc is an error at the instruction's line")
    func unterminatedHeredoc() {
        let result = DockerfileReader().read("FROM a\nRUN <<EOF\necho\n", name: "t", path: "D")
        #expect(result.facts == nil)
        #expect(result.diagnostics.map(\.id) == ["dockerfile.unterminated-heredoc"])
        #expect(result.diagnostics.first?.location?.line == 2)
    }

    @Test("invalid JSON falls back to shell form; non-string JSON arrays are rejected")
    func jsonForms() throws {
        let parsed = try DockerfileParser().parse("FROM a\nCMD [\"a\", 'b']\nENTRYPOINT [\"x\"]\n")
        #expect(parsed.instructions[1].isJSON == false)
        #expect(parsed.instructions[1].values == ["[\"a\", 'b']"])
        #expect(parsed.instructions[2].isJSON == true)
        #expect(throws: DockerfileSyntaxError.self) { try DockerfileParser().parse("FROM a\nCMD [\"a\", 1]\n") }
    }

    @Test("USER, ports and health check are inherited through FROM <stage>; ENTRYPOINT resets inherited CMD")
    func inheritance() throws {
        let text = """
            FROM alpine:3.20 AS base
            USER app
            EXPOSE 80
            CMD ["serve"]
            HEALTHCHECK --interval=1m30s --retries=2 CMD ["check"]
            FROM base AS final
            ENTRYPOINT ["run"]

            """
        let facts = try #require(DockerfileReader().read(text, name: "t", path: "D").facts)
        let final = facts.stages[1]
        #expect(final.from.stage == 0)
        #expect(final.user?.value == "app")
        #expect(final.user?.stage == 0)
        #expect(final.exposedPorts.map(\.value) == ["80/tcp"])
        #expect(final.cmd == nil)
        #expect(final.healthcheck?.interval == 90)
        #expect(final.healthcheck?.kind == .cmd)
        #expect(final.healthcheck?.retries == 2)
    }

    @Test("packages, cache hygiene and created users are read from RUN")
    func runAnalysis() throws {
        let text = """
            FROM debian:12
            RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\
                && rm -rf /var/lib/apt/lists/*
            RUN pip install flask==3.0 requests && npm ci
            RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
            RUN useradd --uid 1001 -m app

            """
        let facts = try #require(DockerfileReader().read(text, name: "t", path: "D").facts)
        let stage = facts.stages[0]
        #expect(stage.installs.map(\.manager) == [.apt, .pip, .npm, .pip])
        #expect(stage.installs.map(\.cacheCleaned) == [true, false, false, true])
        #expect(stage.packages.map(\.name) == ["curl", "ca-certificates", "flask==3.0", "requests"])
        #expect(stage.installs[3].requirementFiles == ["requirements.txt"])
        #expect(stage.users.map(\.name) == ["app"])
        #expect(stage.users.first?.uid == 1001)
    }

    @Test("manifests copied before the source are recognised, and the reverse")
    func layerOrder() throws {
        let good = "FROM node:22\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n"
        let bad = "FROM node:22\nCOPY . .\nCOPY package.json ./\nRUN npm ci\n"
        #expect(DockerfileReader().read(good, name: "t", path: "D").facts?.stages[0].manifestsBeforeSource == true)
        #expect(DockerfileReader().read(bad, name: "t", path: "D").facts?.stages[0].manifestsBeforeSource == false)
    }

    @Test("unknown instructions get BuildKit's suggestion")
    func unknownInstruction() {
        let result = DockerfileReader().read("FROM a\nFORM b\n", name: "t", path: "D")
        #expect(result.diagnostics.first?.message == "unknown instruction: FORM (did you mean FROM?)")
        #expect(result.diagnostics.first?.location == SourceLocation(file: "D", line: 2, column: 1))
    }

    // MARK: - Hostile and edge inputs

    @Test("deeply nested substitution is an error, not a stack overflow")
    func nestedSubstitution() {
        let nested = String(repeating: "${a:-", count: 3000) + "alpine" + String(repeating: "}", count: 3000)
        let result = DockerfileReader().read("FROM \(nested)\n", name: "t", path: "D")
        #expect(result.diagnostics.map(\.id) == ["dockerfile.substitution"])
    }

    @Test("a duration too large for Go is rejected")
    func hugeDuration() {
        let result = DockerfileReader().read("FROM a\nHEALTHCHECK --interval=99999999999999999999s CMD x\n", name: "t", path: "D")
        #expect(result.diagnostics.map(\.id) == ["dockerfile.healthcheck"])
    }

    @Test("many stars in a COPY source match in linear time")
    func globStars() throws {
        let facts = try #require(DockerfileReader().read("FROM a\nCOPY \(String(repeating: "*", count: 40))x /app/\n", name: "t", path: "D").facts)
        #expect(facts.stages[0].contextCopies.first?.isManifest == false)
    }

    @Test("EXPOSE follows BuildKit's port rules", arguments: [
        ("80-82/udp", ["80/udp", "81/udp", "82/udp"]), ("8080:80", ["80/tcp"]), ("$UNSET", ["$UNSET"]),
        ("\"80\"", ["80/tcp"]), ("53/UDP", ["53/udp"]),
    ])
    func expose(_ spec: String, _ ports: [String]) throws {
        let facts = try #require(DockerfileReader().read("FROM a\nEXPOSE \(spec)\n", name: "t", path: "D").facts)
        #expect(facts.stages[0].exposedPorts.map(\.value) == ports)
    }

    @Test("invalid EXPOSE values are errors", arguments: ["abc", "70000", "80/tcpx"])
    func invalidExpose(_ spec: String) {
        let result = DockerfileReader().read("FROM a\nEXPOSE \(spec)\n", name: "t", path: "D")
        #expect(result.diagnostics.map(\.id) == ["dockerfile.invalid-port"])
    }

    @Test("prefix, suffix and replacement substitutions", arguments: [
        ("${PY%.*}", "3.13"), ("${PY%%.*}", "3"), ("${PY#*.}", "13.1"), ("${PY##*.}", "1"), ("${PY/./-}", "3-13.1"),
        ("${PY//./-}", "3-13-1"),
    ])
    func patternSubstitution(_ expression: String, _ expected: String) throws {
        let facts = try #require(DockerfileReader().read("ARG PY=3.13.1\nFROM python:\(expression)\n", name: "t", path: "D").facts)
        #expect(facts.stages[0].from.image == "python:\(expected)")
    }

    @Test("empty --from and --platform are ignored; ENV keys are expanded")
    func emptyFlags() throws {
        let text = "FROM --platform= alpine:3.20\nARG K=NAME\nENV ${K}=1\nCOPY --from= a b\n"
        let facts = try #require(DockerfileReader().read(text, name: "t", path: "D").facts)
        #expect(facts.stages[0].platform == nil)
        #expect(facts.stages[0].copiesFrom.isEmpty)
        #expect(facts.stages[0].contextCopies.map(\.sources) == [["a"]])
        #expect(facts.stages[0].environment.map(\.value) == ["NAME"])
    }
}
