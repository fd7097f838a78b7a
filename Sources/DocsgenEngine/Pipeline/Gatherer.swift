import DocsgenCompose
import DocsgenCore
import DocsgenDockerfile
import DocsgenImage
import Foundation

/// Reads every configured input and returns the project's facts. Never renders, never writes.
package struct Gatherer {
    package let project: Project
    /// The process environment, used only when `compose.inherit-environment` is on.
    package var environment: [String: String] = ProcessInfo.processInfo.environment

    package init(project: Project, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.project = project
        self.environment = environment
    }

    /// Facts and all diagnostics; when any diagnostic is an error the facts are incomplete.
    package func gather() throws(DocsgenError) -> (ProjectFacts, [Diagnostic]) {
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
                    at: project.config.locations["dockerfiles.\(entry.name)"] ?? SourceLocation(file: project.configFile, line: 1, column: 1)))
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

        let (targeted, targetProblems) = TargetSelection.apply(dockerfiles, config: project.config, compose: compose)
        dockerfiles = targeted
        diagnostics += targetProblems

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

        var images: [ImageMeasurement] = []
        if let folder = project.config.measurements {
            let (measurements, problems) = Self.measurements(in: project.url(folder), shownAs: folder)
            diagnostics += problems
            images = measurements.map { measurement in
                var joined = measurement
                if let dockerfile = dockerfiles.first(where: { $0.name == measurement.name }) {
                    HistoryJoiner.join(&joined, with: dockerfile)
                }
                return joined
            }
        }

        if let release = project.config.release, !images.contains(where: { $0.release == release }) {
            let known = Array(Set(images.compactMap(\.release))).sorted { VersionOrder.key($0) < VersionOrder.key($1) }
            diagnostics.append(Diagnostic(
                .error, "release '\(release)' is not recorded for any image" + (known.isEmpty ? " (no release is recorded)" : "; recorded: \(known.joined(separator: ", "))"),
                id: "config.unknown-release", at: project.config.locations["release"]))
        }

        // The facts of a selected release: measurements of later releases are not part of it (facts.json included).
        if let release = project.config.release {
            let limit = VersionOrder.key(release)
            images = images.filter { $0.isBaseline || VersionOrder.key($0.release) <= limit }
        }

        let inventory = FileInventory(project: project, environment: environment)
        let candidates = inventory.candidates(
            dockerfiles: dockerfiles, compose: compose, nginx: nginx, dockerignores: dockerignores, pages: pageFiles())
        let (files, completion, fileProblems) = inventory.gather(candidates)
        diagnostics += fileProblems

        let warnings = diagnostics.filter { $0.severity != .error }
        let facts = ProjectFacts(
            project: project.config.project, release: project.config.release, dockerfiles: dockerfiles, compose: compose,
            nginx: nginx, dockerignores: dockerignores, images: images, files: files, completion: completion, diagnostics: warnings)
        return (facts, diagnostics)
    }

    /// The prose pages (`*.md` directly in the `pages` folder), sorted by path.
    package func pageFiles() -> [String] {
        guard let folder = project.config.pages,
            let names = try? FileManager.default.contentsOfDirectory(atPath: project.url(folder).path)
        else { return [] }
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map { ProjectPath.join(folder, $0) }
    }

    /// Every `*.measurement.json` below `folder`, sorted by image, baseline first, then release.
    package static func measurements(in folder: URL, shownAs: String) -> ([ImageMeasurement], [Diagnostic]) {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return ([], []) }
        var found: [ImageMeasurement] = []
        var diagnostics: [Diagnostic] = []
        var files: [URL] = []
        for case let url as URL in walker where url.lastPathComponent.hasSuffix(".measurement.json") { files.append(url) }
        for url in files.sorted(by: { $0.path < $1.path }) {
            let shown = shownAs + "/" + url.path.dropFirst(folder.standardizedFileURL.path.count + 1)
            do {
                let data = try FileAccess.readData(url, shownAs: shown)
                var measurement = try JSONDecoder().decode(ImageMeasurement.self, from: data)
                measurement.recordedIn = shown
                guard measurement.schemaVersion == 1 else {
                    diagnostics.append(Diagnostic(.error, "measurement format version \(measurement.schemaVersion) is not supported (expected 1)",
                                                  id: "image.measurement-version", at: SourceLocation(file: shown, line: 1, column: 1)))
                    continue
                }
                found.append(measurement)
            } catch let error as DocsgenError {
                diagnostics.append(Diagnostic(.error, error.description, id: "input.unreadable", at: SourceLocation(file: shown, line: 1, column: 1)))
            } catch {
                diagnostics.append(Diagnostic(.error, "not a docsgen measurement: \(error)", id: "image.measurement-invalid",
                                              at: SourceLocation(file: shown, line: 1, column: 1)))
            }
        }
        found.sort { ($0.name, $0.isBaseline ? 0 : 1, VersionOrder.key($0.release)) < ($1.name, $1.isBaseline ? 0 : 1, VersionOrder.key($1.release)) }
        return (found, diagnostics)
    }

    /// Reads a project-relative text file, `nil` when missing or unreadable.
    package var reader: @Sendable (String) -> String? { Self.reader(root: project.root) }

    /// Reads a text file relative to `root`, `nil` when missing or unreadable.
    package static func reader(root: URL) -> @Sendable (String) -> String? {
        { path in
            let url = URL(fileURLWithPath: path, relativeTo: root)
            return try? FileAccess.readText(url, shownAs: path)
        }
    }
}

/// Where files end up inside images: `COPY nginx.conf /etc/nginx/nginx.conf` lets an nginx `include` of a
/// container path be traced back to the project file.
package struct IncludeMap: Sendable {
    /// Container path → project-relative path.
    package let files: [String: String]
    /// Build contexts (project-relative folders) of the configured Dockerfiles.
    package let buildContexts: [String]

    package init(dockerfiles: [DockerfileFacts], compose: ComposeFacts?) {
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
    package func resolve(_ argument: String, from includingFile: String) -> [String] {
        let absolute = argument.hasPrefix("/") ? argument : "/etc/nginx/" + argument
        let matches = files.keys.filter { Glob.matches(pattern: absolute, path: $0) }.sorted().compactMap { files[$0] }
        if !matches.isEmpty { return matches }
        if !argument.hasPrefix("/"), !argument.contains("*") {
            return [ProjectPath.join(ProjectPath.folder(of: includingFile), argument)]
        }
        return []
    }
}
