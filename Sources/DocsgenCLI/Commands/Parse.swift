import ArgumentParser
import DocsgenCore
import DocsgenEngine
import DocsgenDockerfile
import Foundation

/// `docsgen parse`: the syntax-level view of a Dockerfile, field for field like BuildKit's parser.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a Dockerfile's instructions as BuildKit's parser splits them (JSON).",
        discussion: "Fields: cmd, subCmd, json, original, startLine, endLine, flags, value, heredocs. "
            + "scripts/compare-buildkit.py compares this with BuildKit's own parser.")

    @Flag(help: "Print JSON (the only format; accepted for symmetry with `facts`).")
    var json = false

    @Argument(help: ArgumentHelp("Dockerfiles; with more than one, the output maps each path to its instructions.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one Dockerfile") }
    }

    struct Node: Encodable {
        var cmd: String
        var subCmd: String?
        var json: Bool
        var original: String
        var startLine: Int
        var endLine: Int
        var flags: [String]
        var value: [String]
        var heredocs: [HeredocNode]

        private enum CodingKeys: String, CodingKey { case cmd, subCmd, json, original, startLine, endLine, flags, value, heredocs }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(cmd, forKey: .cmd)
            try c.encode(subCmd, forKey: .subCmd)
            try c.encode(json, forKey: .json)
            try c.encode(original, forKey: .original)
            try c.encode(startLine, forKey: .startLine)
            try c.encode(endLine, forKey: .endLine)
            try c.encode(flags, forKey: .flags)
            try c.encode(value, forKey: .value)
            try c.encode(heredocs, forKey: .heredocs)
        }
    }

    struct HeredocNode: Encodable {
        var name: String
        var content: String
    }

    func run() throws {
        var results: [String: [Node]] = [:]
        for path in paths {
            results[path] = try Self.nodes(path)
        }
        if paths.count == 1, let nodes = results[paths[0]] {
            Console.out(try JSONOutput.string(nodes))
        } else {
            Console.out(try JSONOutput.string(results))
        }
    }

    static func nodes(_ path: String) throws(DocsgenError) -> [Node] {
        let text = try FileAccess.readText(URL(fileURLWithPath: path), shownAs: path)
        let parsed: ParsedDockerfile
        switch Result(catching: { () throws(DockerfileSyntaxError) -> ParsedDockerfile in try DockerfileParser().parse(text) }) {
        case .success(let value):
            parsed = value
        case .failure(let error):
            throw DocsgenError.invalidInput(
                [DiagnosticBox(error.diagnostic(file: path))], root: FileManager.default.currentDirectoryPath)
        }
        return parsed.instructions.map { instruction in
            Node(
                cmd: instruction.keyword, subCmd: instruction.trigger?.keyword, json: instruction.isJSON,
                original: instruction.original, startLine: instruction.startLine, endLine: instruction.endLine,
                flags: instruction.flags, value: instruction.values,
                heredocs: instruction.heredocs.map { HeredocNode(name: $0.name, content: $0.content) })
        }
    }
}
