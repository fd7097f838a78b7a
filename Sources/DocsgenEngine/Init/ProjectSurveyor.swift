import DocsgenCompose
import DocsgenCore
import DocsgenDockerfile
import Foundation

/// Turns a ``RepositoryScan`` into a ``ProjectSurvey``: reads each Dockerfile with docsgen's Dockerfile reader
/// and each compose project with its compose loader, names every image, and finds the nginx configurations
/// the Dockerfiles copy, the measurements folder and the pages folder. Never prints, never writes.
package struct ProjectSurveyor {
    package let root: URL

    package init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// A compose project of one folder: the compose file, its override and its env template.
    struct ComposeProject {
        var folder: String
        var files: [String]
        var envTemplate: String?
        var realEnvFile: String?
        var facts: ComposeFacts?
        var problem: String?
    }

    /// Surveys the repository.
    package func survey() -> ProjectSurvey {
        let scan = RepositoryScan(root: root)
        var survey = ProjectSurvey(project: root.lastPathComponent)
        if scan.isTruncated {
            survey.notes.append("the scan stopped after \(RepositoryScan.maximumEntries) entries; list further inputs by hand")
        }
        let projects = composeProjects(scan)
        if let chosen = projects.first {
            survey.compose = .init(
                files: chosen.files, envTemplate: chosen.envTemplate, realEnvFile: chosen.realEnvFile,
                others: projects.dropFirst().flatMap(\.files), problem: chosen.problem)
        }
        // Dockerfiles a compose service builds count whatever their name (`dockerfile: Dockerfile-prod`).
        var dockerfiles = Set(scan.dockerfiles)
        for service in projects.flatMap({ $0.facts?.services ?? [] }) {
            guard let path = service.build?.dockerfilePath.map(ProjectPath.normalise), ConfigLoader.pathProblem(path) == nil,
                isRegularFile(path)
            else { continue }
            dockerfiles.insert(path)
        }
        var parsed: [String: DockerfileFacts] = [:]
        survey.images = images(dockerfiles.sorted(), projects: projects, parsed: &parsed)
        survey.nginx = nginx(survey.images, parsed: parsed, compose: projects.first?.facts)
        survey.measurements = measurements(scan.measurementFiles)
        survey.pages = pages(scan.markdownFiles)
        survey.plugins = [
            .init(name: "optimization-guide", comment: "multi-stage build, hardening, cache use and the compose stack", isEnabled: true),
            survey.measurements == nil
                ? .init(name: "build-report",
                        comment: "needs measurements: record one with `docsgen measure IMAGE.tar --image NAME --release X`",
                        isEnabled: false)
                : .init(name: "build-report", comment: "measured sizes, layers, wasted space and build times", isEnabled: true),
            .init(name: "completion-report", comment: "requirements and production-readiness checklist; header from `completion:`",
                  isEnabled: true),
        ]
        return survey
    }

    // MARK: - Compose

    /// One project per folder that holds a compose file, shallowest first (then by path): Compose's first
    /// file name present and its first override present, as `docker compose` picks them in that folder.
    func composeProjects(_ scan: RepositoryScan) -> [ComposeProject] {
        let folders = scan.composeFiles.keys.sorted { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }
        var projects: [ComposeProject] = []
        for folder in folders {
            let names = scan.composeFiles[folder] ?? []
            guard let main = RepositoryScan.composeNames.first(where: names.contains) else { continue }
            var files = [ProjectPath.join(folder, main)]
            if let override = RepositoryScan.overrideNames.first(where: names.contains) { files.append(ProjectPath.join(folder, override)) }
            let envNames = scan.envFiles[folder] ?? []
            var project = ComposeProject(
                folder: folder, files: files,
                envTemplate: RepositoryScan.envTemplateNames.first(where: envNames.contains).map { ProjectPath.join(folder, $0) },
                realEnvFile: envNames.contains(".env") ? ProjectPath.join(folder, ".env") : nil)
            // Interpolation from the template only (or from nothing), and a service's `env_file: .env` is only
            // looked for: init never reads a real .env.
            let options = ComposeOptions(
                files: files, envFiles: project.envTemplate.map { [$0] } ?? [], defaultName: root.lastPathComponent)
            let (facts, diagnostics) = ComposeLoader(readFile: readerSkippingEnvFiles).load(options)
            project.facts = facts
            project.problem = diagnostics.first { $0.severity == .error }.map(Self.describe)
            projects.append(project)
        }
        return projects
    }

    /// Reads project files, except that a `.env` reads as empty when it exists.
    var readerSkippingEnvFiles: @Sendable (String) -> String? {
        let (root, read) = (root, Gatherer.reader(root: root))
        return { path in
            guard path.split(separator: "/").last == ".env" else { return read(path) }
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) ? "" : nil
        }
    }

    // MARK: - Dockerfiles

    /// One image per Dockerfile, each with a unique name.
    func images(_ paths: [String], projects: [ComposeProject], parsed: inout [String: DockerfileFacts]) -> [ProjectSurvey.Image] {
        // Dockerfile path → the services that build it, the chosen project's first.
        var builders: [String: [(service: ComposeService, file: String)]] = [:]
        for project in projects {
            for service in project.facts?.services ?? [] {
                guard let path = service.build?.dockerfilePath else { continue }
                builders[ProjectPath.normalise(path), default: []].append((service, project.files[0]))
            }
        }
        var images: [ProjectSurvey.Image] = []
        for path in paths {
            var image = ProjectSurvey.Image(name: "", path: path, origin: "")
            let builder = builders[path]?.first
            if let builder {
                image.name = Self.sanitised(builder.service.name)
                image.origin = "built by compose service \(builder.service.name) (\(builder.file))"
                let others = (builders[path] ?? []).dropFirst().map(\.service.name)
                if !others.isEmpty { image.notes.append("also built by \(others.joined(separator: ", "))") }
            } else {
                image.name = Self.fileName(path, root: root.lastPathComponent)
                let file = path.split(separator: "/").last.map(String.init) ?? path
                let folder = path.contains("/") ? "folder" : "project folder"
                image.origin = switch Self.variant(file) {
                case nil: "named after its \(folder)"
                case _ where file.lowercased().hasSuffix(".dockerfile"): "named after its file name"
                default: "named after its \(folder) and file name"
                }
            }
            // Read with the values compose writes literally in build.args, as `docker compose build` would pass them.
            var literals: [String: String] = [:]
            for argument in builder?.service.build?.args ?? [] where !argument.isHidden {
                if let value = argument.value { literals[argument.name] = value }
            }
            do {
                let text = try FileAccess.readTextLossy(root.appendingPathComponent(path), shownAs: path).text
                let result = DockerfileReader().read(text, name: image.name, path: path, buildArgs: literals)
                if let facts = result.facts {
                    parsed[path] = facts
                    if let target = builder?.service.build?.target, let last = facts.runtimeStage, last.name != target.lowercased() {
                        image.notes.append("compose builds its stage \(target) (build.target), not the last one: docsgen documents that stage")
                    }
                    image.args = Self.arguments(facts, build: builder?.service.build, composeFile: builder?.file)
                } else {
                    image.problem = result.diagnostics.first { $0.severity == .error }.map(Self.describe)
                }
            } catch {
                image.problem = error.description
            }
            images.append(image)
        }
        Self.makeUnique(&images)
        return images
    }

    /// `ARG`s declared before the first `FROM` without a default that a `FROM` uses.
    static func arguments(_ facts: DockerfileFacts, build: ComposeBuild?, composeFile: String?) -> [ProjectSurvey.Argument] {
        var arguments: [ProjectSurvey.Argument] = []
        for declaration in facts.globalArgs where declaration.default == nil {
            let users = facts.stages.filter { $0.from.text.contains("$" + declaration.name) || $0.from.text.contains("${" + declaration.name) }
            guard let first = users.first else { continue }
            var hint = "FROM on line \(first.line) needs it (no default)"
            var value: String?
            if let passed = build?.args.first(where: { $0.name == declaration.name }), let composeFile {
                if let literal = passed.value, !passed.isHidden {
                    value = literal
                    hint += "; \(composeFile) passes this in build.args"
                } else {
                    hint += "; \(composeFile) passes it from the environment"
                }
            }
            arguments.append(.init(name: declaration.name, value: value, hint: hint))
        }
        return arguments
    }

    /// A fact-key name for a Dockerfile without a compose service: `X.Dockerfile` → `x`; `Dockerfile.X` →
    /// `FOLDER-x`; `Dockerfile` → its folder's name (above folders named like `docker`), the project folder's
    /// at the root.
    static func fileName(_ path: String, root: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        let file = parts.last ?? path
        var folders = parts.dropLast()
        let generic: Set = ["docker", "dockerfiles", "containers", "container", "build", "deploy", "deployment", "ci", "images"]
        while let last = folders.last, generic.contains(last.lowercased()) { folders.removeLast() }
        let folder = folders.last ?? root
        guard let variant = variant(file) else { return sanitised(folder) }
        return sanitised(file.lowercased().hasSuffix(".dockerfile") ? variant : folder + "-" + variant)
    }

    /// What tells a Dockerfile from its neighbours: `api` of `api.Dockerfile`, `dev` of `Dockerfile.dev`.
    static func variant(_ file: String) -> String? {
        if file.lowercased().hasSuffix(".dockerfile") { return String(file.dropLast(".dockerfile".count)) }
        return file.firstIndex(of: ".").map { String(file[file.index(after: $0)...]) }
    }

    /// Lower-case letters, digits and `-`, starting with a letter, as docsgen.yml requires.
    static func sanitised(_ text: String) -> String {
        var name = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, !name.hasSuffix("-") {
                name += "-"
            }
        }
        while name.hasSuffix("-") { name.removeLast() }
        if name.isEmpty { return "app" }
        return name.unicodeScalars.first.map { ("a"..."z").contains($0) } == true ? name : "image-" + name
    }

    /// A name used twice stays with the Dockerfile a compose service names so; the others take their whole
    /// path (`services-api`, `tools-api-dev`), then a number if that is taken too.
    static func makeUnique(_ images: inout [ProjectSurvey.Image]) {
        let groups = Dictionary(grouping: images.indices, by: { images[$0].name })
        for (_, indices) in groups where indices.count > 1 {
            let keep = indices.first { images[$0].origin.hasPrefix("built by") }
            for index in indices where index != keep {
                let path = images[index].path
                let file = path.split(separator: "/").last.map(String.init) ?? path
                images[index].name = sanitised([ProjectPath.folder(of: path), variant(file) ?? ""].joined(separator: "-"))
                images[index].origin += "; named after its path (another Dockerfile has the same name)"
            }
        }
        var used: Set<String> = []
        for index in images.indices {
            let base = images[index].name
            var number = 2
            while !used.insert(images[index].name).inserted {
                images[index].name = "\(base)-\(number)"
                number += 1
            }
        }
    }

    // MARK: - nginx

    /// The main nginx configurations the Dockerfiles copy from their build context: a file copied to
    /// `…/nginx.conf`; without one, the files copied into `/etc/nginx/conf.d/`, `sites-enabled/` or
    /// `templates/`, which the base image's own nginx.conf includes. Other copies (snippets) are reached
    /// through the `include`s of these.
    func nginx(_ images: [ProjectSurvey.Image], parsed: [String: DockerfileFacts], compose: ComposeFacts?) -> [ProjectSurvey.Nginx] {
        var found: [ProjectSurvey.Nginx] = []
        for image in images {
            guard let facts = parsed[image.path] else { continue }
            let copies = IncludeMap(dockerfiles: [facts], compose: compose).files.filter { isRegularFile($0.value) }
            var mains = copies.filter { $0.key.hasSuffix("/nginx.conf") }
            if mains.isEmpty {
                let folders = ["/etc/nginx/conf.d/", "/etc/nginx/sites-enabled/", "/etc/nginx/templates/"]
                mains = copies.filter { copy in folders.contains { copy.key.hasPrefix($0) && !copy.key.dropFirst($0.count).contains("/") } }
            }
            for (destination, path) in mains.sorted(by: { $0.key < $1.key }) where !found.contains(where: { $0.path == path }) {
                found.append(.init(path: path, copiedBy: image.path, destination: destination))
            }
        }
        return found
    }

    func isRegularFile(_ path: String) -> Bool {
        FileAccess.isRegularFileWithoutLinks(root.appendingPathComponent(path), below: root)
    }

    // MARK: - Measurements and pages

    /// The folder `docsgen measure` writes to (`FOLDER/IMAGE/RELEASE.measurement.json`) holding the most files.
    func measurements(_ files: [String]) -> ProjectSurvey.Folder? {
        let byFolder = Dictionary(grouping: files) { ProjectPath.folder(of: ProjectPath.folder(of: $0)) }
        guard let (folder, _) = byFolder.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return nil }
        let shown = folder.isEmpty ? "." : folder
        let (measurements, diagnostics) = Gatherer.measurements(in: root.appendingPathComponent(folder), shownAs: shown)
        let names = Array(Set(measurements.map(\.name))).sorted()
        let count = measurements.count
        var result = ProjectSurvey.Folder(
            path: shown, contents: "\(count) measurement\(count == 1 ? "" : "s") of \(names.joined(separator: ", "))")
        result.problem = diagnostics.first { $0.severity == .error }.map(Self.describe)
        return result
    }

    /// The folder whose Markdown files are all docsgen pages (front matter with `title:` and only docsgen's
    /// keys), the one with the most pages.
    func pages(_ markdown: [String: [String]]) -> ProjectSurvey.Folder? {
        var best: (folder: String, count: Int)?
        for (folder, names) in markdown.sorted(by: { $0.key < $1.key }) {
            let pages = names.filter { !$0.hasPrefix(".") && $0.hasSuffix(".md") }
            guard !pages.isEmpty, pages.allSatisfy({ isPage(ProjectPath.join(folder, $0)) }) else { continue }
            if pages.count > best?.count ?? 0 { best = (folder, pages.count) }
        }
        guard let best else { return nil }
        return .init(path: best.folder.isEmpty ? "." : best.folder, contents: "\(best.count) page\(best.count == 1 ? "" : "s")")
    }

    /// Whether a Markdown file starts with docsgen's front matter.
    func isPage(_ path: String) -> Bool {
        guard let text = try? FileAccess.readText(root.appendingPathComponent(path), shownAs: path) else { return false }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).lazy.map { $0.trimmingCharacters(in: .whitespaces) }
            .makeIterator()
        guard lines.next()?.trimmingCharacters(in: ["\u{FEFF}"]) == "---" else { return false }
        var keys: Set<String> = []
        while let line = lines.next() {
            if line == "---" { return keys.contains("title") && keys.isSubset(of: ["title", "order", "plugin-section"]) }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else { return false }
            keys.insert(String(line[..<colon]))
        }
        return false
    }

    /// A diagnostic on one line (`file:line:column: error: message [id]`), as the configuration's comments show it.
    static func describe(_ diagnostic: Diagnostic) -> String {
        diagnostic.description.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
