import DocsgenCompose
import DocsgenCore
import DocsgenDockerfile
import Foundation

/// Reads every configured input and returns the project's facts. Never renders, never writes.
struct Gatherer {
    let project: Project
    /// The process environment, used only when `compose.inherit-environment` is on.
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Facts and all diagnostics; when any diagnostic is an error the facts are incomplete.
    func gather() throws(DocsgenError) -> (ProjectFacts, [Diagnostic]) {
        var diagnostics = project.diagnostics
        var dockerfiles: [DockerfileFacts] = []
        for entry in project.config.dockerfiles {
            let text: String
            do {
                let read = try FileAccess.readTextLossy(project.url(entry.path), shownAs: entry.path)
                text = read.text
                if read.isLossy {
                    diagnostics.append(Diagnostic(
                        .warning, "the file is not valid UTF-8; invalid bytes were replaced", id: "input.invalid-utf8",
                        at: SourceLocation(file: entry.path, line: 1, column: 1)))
                }
            } catch {
                diagnostics.append(Diagnostic(
                    .error, error.description, id: "input.unreadable",
                    at: SourceLocation(file: project.configFile, line: 1, column: 1)))
                continue
            }
            let result = DockerfileReader().read(text, name: entry.name, path: entry.path, buildArgs: entry.args)
            diagnostics += result.diagnostics
            if let facts = result.facts { dockerfiles.append(facts) }
        }

        var compose: ComposeFacts?
        if let entry = project.config.compose {
            let options = ComposeOptions(
                files: entry.files, envFiles: entry.envFiles,
                processEnvironment: entry.inheritEnvironment ? environment : [:],
                publicVariables: Set(entry.publicVariables), profiles: entry.profiles, showValues: false,
                defaultName: project.root.lastPathComponent)
            let (facts, problems) = ComposeLoader(readFile: reader).load(options)
            compose = facts
            diagnostics += problems
        }

        let includes = IncludeMap(dockerfiles: dockerfiles, compose: compose)
        var nginx: [NginxFacts] = []
        for path in project.config.nginx {
            let (facts, problems) = NginxConfigReader(readFile: reader, resolveInclude: includes.resolve).read(path)
            diagnostics += problems
            if let facts { nginx.append(facts) }
        }

        var dockerignores: [DockerignoreFacts] = []
        for context in includes.buildContexts {
            let path = context == "." ? ".dockerignore" : context + "/.dockerignore"
            guard let text = reader(path) else { continue }
            dockerignores.append(DockerignoreReader().read(text, path: path, context: context))
        }

        let warnings = diagnostics.filter { $0.severity != .error }
        let facts = ProjectFacts(
            project: project.config.project, dockerfiles: dockerfiles, compose: compose, nginx: nginx,
            dockerignores: dockerignores, diagnostics: warnings)
        return (facts, diagnostics)
    }

    /// Reads a project-relative text file, `nil` when missing or unreadable.
    var reader: @Sendable (String) -> String? {
        let root = project.root
        return { path in
            let url = URL(fileURLWithPath: path, relativeTo: root)
            return try? FileAccess.readText(url, shownAs: path)
        }
    }
}

/// Where files end up inside images: `COPY nginx.conf /etc/nginx/nginx.conf` lets an nginx `include` of a
/// container path be traced back to the project file.
struct IncludeMap: Sendable {
    /// Container path → project-relative path.
    let files: [String: String]
    /// Build contexts (project-relative folders) of the configured Dockerfiles.
    let buildContexts: [String]

    init(dockerfiles: [DockerfileFacts], compose: ComposeFacts?) {
        var contexts: [String: String] = [:]
        for dockerfile in dockerfiles {
            contexts[dockerfile.path] = ProjectPath.folder(of: dockerfile.path)
        }
        for service in compose?.services ?? [] {
            guard let build = service.build, let path = build.dockerfilePath else { continue }
            let context = ProjectPath.join(ProjectPath.folder(of: compose?.files.first ?? ""), build.context)
            contexts[path] = context
        }
        var files: [String: String] = [:]
        for dockerfile in dockerfiles {
            let context = contexts[dockerfile.path] ?? ProjectPath.folder(of: dockerfile.path)
            for stage in dockerfile.stages {
                for copy in stage.contextCopies {
                    for source in copy.sources where !source.contains("*") {
                        let name = source.split(separator: "/").last.map(String.init) ?? source
                        var destination = copy.destination
                        if destination.hasSuffix("/") || copy.sources.count > 1 { destination += (destination.hasSuffix("/") ? "" : "/") + name }
                        if !destination.hasPrefix("/") { destination = (stage.workdir?.value ?? "/") + "/" + destination }
                        files[ProjectPath.normalise(destination)] = ProjectPath.join(context, source)
                    }
                }
            }
        }
        self.files = files
        self.buildContexts = Array(Set(contexts.values)).sorted()
    }

    /// The project files an nginx `include` argument stands for.
    func resolve(_ argument: String, from includingFile: String) -> [String] {
        let absolute = argument.hasPrefix("/") ? argument : "/etc/nginx/" + argument
        let matches = files.keys.filter { Glob.matches(pattern: absolute, path: $0) }.sorted().compactMap { files[$0] }
        if !matches.isEmpty { return matches }
        if !argument.hasPrefix("/"), !argument.contains("*") {
            return [ProjectPath.join(ProjectPath.folder(of: includingFile), argument)]
        }
        return []
    }
}
