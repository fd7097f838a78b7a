import ArgumentParser
import DocsgenCompose
import DocsgenCore
import DocsgenEngine
import DocsgenDockerfile
import DocsgenImage
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

    @Argument(help: ArgumentHelp(
        "Files to read instead of the configured project: Dockerfiles, compose files (*.yml, *.yaml, merged in order), "
            + "nginx configurations (*.conf), .dockerignore files, image archives (*.tar) and OCI layout folders.", valueName: "path"))
    var paths: [String] = []

    @Option(name: [.customShort("C"), .long], help: ArgumentHelp("Folder the given paths are relative to (the compose project directory).", valueName: "dir"))
    var projectDirectory: String?

    @Option(name: .long, help: ArgumentHelp("Env file for compose interpolation (repeatable; default: .env beside the first compose file).", valueName: "file"))
    var envFile: [String] = []

    @Option(name: .long, help: ArgumentHelp("Activate a compose profile (repeatable).", valueName: "name"))
    var profile: [String] = []

    @Flag(name: .long, help: "Also read the process environment for compose interpolation, as docker compose does.")
    var inheritEnvironment = false

    @Flag(name: .long, help: "Print environment values and interpolated secrets instead of hiding them (never used by documents).")
    var showValues = false

    func run() throws {
        let facts: ProjectFacts
        let diagnostics: [Diagnostic]
        let root: URL
        if paths.isEmpty {
            let project = try options.locate()
            (facts, diagnostics) = try Gatherer(project: project).gather()
            root = project.root
        } else {
            let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            root = projectDirectory.map { URL(fileURLWithPath: $0, relativeTo: current).standardizedFileURL } ?? current
            (facts, diagnostics) = try adHocFacts(root: root)
        }
        var output = facts
        output.diagnostics = diagnostics
        Console.out(json ? try JSONOutput.string(output) : FactsSummary.text(output))
        let printer = DiagnosticPrinter.standardError(root: root)
        printer.print(diagnostics)
        if diagnostics.containsErrors { throw ExitCode(2) }
    }

    func adHocFacts(root: URL) throws(DocsgenError) -> (ProjectFacts, [Diagnostic]) {
        var dockerfiles: [DockerfileFacts] = []
        var diagnostics: [Diagnostic] = []
        var composeFiles: [String] = []
        var nginx: [NginxFacts] = []
        var dockerignores: [DockerignoreFacts] = []
        var images: [ImageMeasurement] = []
        let read: @Sendable (String) -> String? = { path in
            try? FileAccess.readText(URL(fileURLWithPath: path, relativeTo: root), shownAs: path)
        }
        for path in paths {
            let url = URL(fileURLWithPath: path, relativeTo: root)
            let file = url.lastPathComponent
            if ImageArchiveReader.canRead(url.path) {
                do {
                    let name = file.split(separator: ".").first.map(String.init) ?? file
                    images.append(try ImageArchiveReader().measure(path: url.path, shownAs: path, name: name, release: nil, isBaseline: false))
                } catch {
                    diagnostics.append(error.diagnostic)
                }
                continue
            }
            if file.hasSuffix(".yml") || file.hasSuffix(".yaml") {
                _ = try FileAccess.readText(url, shownAs: path)
                composeFiles.append(path)
                continue
            }
            let text = try FileAccess.readTextLossy(url, shownAs: path).text
            if file.hasSuffix(".conf") {
                let (facts, problems) = NginxConfigReader(readFile: read, resolveInclude: { argument, including in
                    let relative = argument.hasPrefix("/") ? String(argument.split(separator: "/").last ?? "") : argument
                    return [ProjectPath.join(ProjectPath.folder(of: including), relative)]
                }).read(path)
                diagnostics += problems
                if let facts { nginx.append(facts) }
            } else if file == ".dockerignore" || file.hasSuffix(".dockerignore") {
                dockerignores.append(DockerignoreReader().read(text, path: path, context: ProjectPath.folder(of: path)))
            } else {
                let name = file == "Dockerfile" || file == "Containerfile"
                    ? url.deletingLastPathComponent().lastPathComponent : file
                let result = DockerfileReader().read(text, name: name, path: path)
                diagnostics += result.diagnostics
                if let facts = result.facts { dockerfiles.append(facts) }
            }
        }
        var compose: ComposeFacts?
        if !composeFiles.isEmpty {
            let options = ComposeOptions(
                files: composeFiles, envFiles: envFile.isEmpty ? nil : envFile,
                processEnvironment: inheritEnvironment ? ProcessInfo.processInfo.environment : [:],
                profiles: profile, showValues: showValues, defaultName: root.lastPathComponent)
            let (facts, problems) = ComposeLoader(readFile: read).load(options)
            compose = facts
            diagnostics += problems
        }
        let facts = ProjectFacts(
            project: "", dockerfiles: dockerfiles, compose: compose, nginx: nginx, dockerignores: dockerignores,
            images: images, diagnostics: diagnostics)
        return (facts, diagnostics)
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
        if let compose = facts.compose {
            out += "compose project \(compose.name) (\(compose.files.joined(separator: " + "))): \(compose.services.count) service(s), active: \(compose.activeServices.joined(separator: ", "))\n"
            for service in compose.services {
                let what = service.image ?? service.build.map { "build \($0.dockerfilePath ?? $0.context)" } ?? "?"
                out += "  \(service.name): \(what) (line \(service.location.line))\n"
                if !service.ports.isEmpty {
                    out += "      ports: \(service.ports.map { ($0.published.map { "\($0):" } ?? "") + "\($0.target)/\($0.protocol)" }.joined(separator: ", "))\n"
                }
                if let check = service.healthcheck { out += "      healthcheck: \(check.test.joined(separator: " "))\n" }
                if let limits = service.limits {
                    out += "      limits: cpus \(limits.cpus.map { Format.number($0) } ?? "-"), memory \(limits.memory.map(String.init) ?? "-") bytes\n"
                }
                if !service.dependsOn.isEmpty {
                    out += "      depends on: \(service.dependsOn.map { "\($0.service) (\($0.condition))" }.joined(separator: ", "))\n"
                }
                if !service.environment.isEmpty {
                    let names = service.environment.map { variable in variable.value.map { "\(variable.name)=\($0)" } ?? variable.name }
                    out += "      environment: \(names.joined(separator: " "))\n"
                }
            }
        }
        for config in facts.nginx {
            for server in config.servers {
                out += "nginx \(server.displayName) (\(server.location)): \(server.headers.map(\.name).joined(separator: ", "))\n"
            }
        }
        if facts.dockerfiles.isEmpty && facts.compose == nil && facts.nginx.isEmpty { out += "no facts\n" }
        return out
    }
}
