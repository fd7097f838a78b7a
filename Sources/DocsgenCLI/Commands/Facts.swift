import ArgumentParser
import DocsgenCore
import DocsgenDockerfile
import Foundation

/// `docsgen facts`: print gathered facts.
struct Facts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the facts docsgen gathers, for the project or for the given files only.",
        discussion: "With --json the output is the versioned facts format (schemaVersion 1) described by "
            + "Sources/DocsgenCore/Facts/facts.schema.json. Exit code 2 when an input has errors (the JSON still lists them).")

    @OptionGroup var options: ProjectOptions

    @Flag(help: "Print JSON instead of a summary.")
    var json = false

    @Argument(help: ArgumentHelp("Dockerfiles to read instead of the configured project.", valueName: "path"))
    var paths: [String] = []

    func run() throws {
        let facts: ProjectFacts
        let diagnostics: [Diagnostic]
        let root: URL
        if paths.isEmpty {
            let project = try options.locate()
            (facts, diagnostics) = try Gatherer(project: project).gather()
            root = project.root
        } else {
            root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            (facts, diagnostics) = try Self.adHocFacts(paths, root: root)
        }
        var output = facts
        output.diagnostics = diagnostics
        Console.out(json ? JSONOutput.string(output) : FactsSummary.text(output))
        let printer = DiagnosticPrinter.standardError(environment: ProcessInfo.processInfo.environment) { path in
            try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
        printer.print(diagnostics)
        if diagnostics.containsErrors { throw ExitCode(2) }
    }

    static func adHocFacts(_ paths: [String], root: URL) throws(DocsgenError) -> (ProjectFacts, [Diagnostic]) {
        var dockerfiles: [DockerfileFacts] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            let url = URL(fileURLWithPath: path, relativeTo: root)
            let text = try FileAccess.readText(url, shownAs: path)
            let file = url.lastPathComponent
            let name = file == "Dockerfile" || file == "Containerfile"
                ? url.deletingLastPathComponent().lastPathComponent : file
            let result = DockerfileReader().read(text, name: name, path: path)
            diagnostics += result.diagnostics
            if let facts = result.facts { dockerfiles.append(facts) }
        }
        return (ProjectFacts(project: "", dockerfiles: dockerfiles, diagnostics: diagnostics), diagnostics)
    }
}

/// The human-readable form of `docsgen facts`.
enum FactsSummary {
    static func text(_ facts: ProjectFacts) -> String {
        var out = ""
        for dockerfile in facts.dockerfiles {
            out += "\(dockerfile.path) (\(dockerfile.name)): \(dockerfile.stages.count) stage(s), \(dockerfile.instructionCount) instructions\n"
            for stage in dockerfile.stages {
                let base = stage.from.stage.map { "stage \(dockerfile.stages[$0].displayName)" }
                    ?? (stage.from.scratch ? "scratch" : "\(stage.from.image ?? stage.from.text) [\(stage.from.pinning?.rawValue ?? "-")]")
                out += "  [\(stage.index)] \(stage.displayName): FROM \(base) (line \(stage.line))\n"
                out += "      user: \(stage.user.map { "\($0.value) (line \($0.line))" } ?? "root (default)")\n"
                if let check = stage.healthcheck {
                    out += "      healthcheck: \(check.kind.rawValue) \(check.commandText) (line \(check.line))\n"
                }
                if !stage.exposedPorts.isEmpty {
                    out += "      ports: \(stage.exposedPorts.map(\.value).joined(separator: ", "))\n"
                }
                if let cmd = stage.cmd { out += "      cmd: \(cmd.text) (line \(cmd.line))\n" }
                if !stage.packages.isEmpty {
                    out += "      packages: \(stage.packages.map { "\($0.manager.rawValue):\($0.name)" }.joined(separator: " "))\n"
                }
                for copy in stage.copiesFrom {
                    let from = copy.stage.map { dockerfile.stages[$0].displayName } ?? copy.image ?? "?"
                    out += "      copies from \(from): \(copy.sources.joined(separator: " ")) -> \(copy.destination) (line \(copy.line))\n"
                }
            }
        }
        if facts.dockerfiles.isEmpty { out += "no facts\n" }
        return out
    }
}
