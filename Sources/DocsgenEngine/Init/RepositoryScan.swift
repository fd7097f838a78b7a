import Foundation

/// The files of a repository that `docsgen init` can build a configuration from, found by one walk of its
/// folders: Dockerfiles, compose files, env files, recorded measurements and Markdown files.
///
/// The walk never follows a symbolic link and skips folders that hold other people's code, tools' caches or
/// build output (see ``skippedFolder(_:)``), so `node_modules/x/Dockerfile` is not an image of the project.
/// Paths are relative to the root, `/`-separated, sorted.
package struct RepositoryScan: Sendable, Hashable {
    /// Dockerfiles and Containerfiles.
    package var dockerfiles: [String] = []
    /// Compose files and compose override files, by the folder that holds them (`""` for the root).
    package var composeFiles: [String: [String]] = [:]
    /// `.env` and its templates (`.env.example`, …), by folder.
    package var envFiles: [String: [String]] = [:]
    /// `*.measurement.json` files written by `docsgen measure`.
    package var measurementFiles: [String] = []
    /// Markdown files, by folder.
    package var markdownFiles: [String: [String]] = [:]
    /// Folders the walk did not enter, with the reason (`node_modules: dependencies`), in walk order.
    package var skipped: [String] = []
    /// Whether the walk stopped early at ``maximumEntries``.
    package var isTruncated = false

    /// Most folder entries one scan looks at.
    package static let maximumEntries = 200_000
    /// Deepest folder level one scan enters.
    package static let maximumDepth = 24

    /// Compose's own file names, in its order of preference (compose-go `DefaultFileNames`): the first one
    /// present in a folder is the compose file.
    package static let composeNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]
    /// Compose's override file names, in its order of preference (`DefaultOverrideFileNames`): the first one
    /// present is merged over the compose file.
    package static let overrideNames = [
        "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml",
    ]
    /// Env file templates, in the order init prefers them. A real `.env` is only ever noted by name.
    package static let envTemplateNames = [".env.example", ".env.sample", ".env.template", ".env.dist"]

    /// Walks `root`.
    package init(root: URL) {
        var entries = 0
        var folders: [(path: String, depth: Int)] = [("", 0)]
        while let (folder, depth) = folders.popLast() {
            let url = folder.isEmpty ? root : root.appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { continue }
            if !folder.isEmpty, names.contains("pyvenv.cfg") {
                skipped.append("\(folder): a Python virtual environment")
                continue
            }
            var subfolders: [String] = []
            for name in names.sorted() {
                entries += 1
                if entries > Self.maximumEntries {
                    isTruncated = true
                    return
                }
                let path = folder.isEmpty ? name : folder + "/" + name
                var info = stat()
                guard lstat(url.appendingPathComponent(name).path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if let reason = Self.skippedFolder(name) {
                        skipped.append("\(path): \(reason)")
                    } else if depth + 1 < Self.maximumDepth {
                        subfolders.append(path)
                    }
                case S_IFREG:
                    classify(name, in: folder, path: path)
                default:
                    continue  // symbolic links, sockets, devices: never followed or read
                }
            }
            // Depth first in name order, so `skipped` and every list come out the same on every machine.
            folders += subfolders.reversed().map { ($0, depth + 1) }
        }
        dockerfiles.sort()
        measurementFiles.sort()
    }

    private mutating func classify(_ name: String, in folder: String, path: String) {
        if Self.isDockerfile(name) {
            dockerfiles.append(path)
        } else if Self.composeNames.contains(name) || Self.overrideNames.contains(name) {
            composeFiles[folder, default: []].append(name)
        } else if name == ".env" || Self.envTemplateNames.contains(name) {
            envFiles[folder, default: []].append(name)
        } else if name.hasSuffix(".measurement.json") {
            measurementFiles.append(path)
        } else if name.lowercased().hasSuffix(".md") {
            markdownFiles[folder, default: []].append(name)
        }
    }

    /// Why a folder is not scanned, or `nil` to scan it: hidden folders (`.git`, `.venv`, `.build`, `.github`,
    /// editor and tool caches), dependencies (`node_modules`, `vendor`, `venv`, …), build output (`dist`,
    /// `target`) and test fixtures (`testdata`, `fixtures`), whose Dockerfiles are not images the project ships.
    package static func skippedFolder(_ name: String) -> String? {
        if name.hasPrefix(".") { return "hidden" }
        switch name.lowercased() {
        case "node_modules", "bower_components", "jspm_packages", "vendor", "third_party", "third-party", "venv",
            "site-packages", "pods", "carthage":
            return "dependencies"
        case "dist", "target", "__pycache__", "deriveddata":
            return "build output"
        case "testdata", "fixtures", "__fixtures__", "__snapshots__":
            return "test fixtures"
        default:
            return nil
        }
    }

    /// Whether a file name is a Dockerfile: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`,
    /// `Containerfile.*` (any case), but not the files that only sit beside one (`Dockerfile.dockerignore`,
    /// `Dockerfile.md`, backups and templates that `docker build` cannot read as they are).
    package static func isDockerfile(_ name: String) -> Bool {
        let lower = name.lowercased()
        let bases = ["dockerfile", "containerfile"]
        let matches = bases.contains(lower)
            || bases.contains { lower.hasPrefix($0 + ".") && lower.count > $0.count + 1 }
            || (lower.hasSuffix(".dockerfile") && lower.count > ".dockerfile".count)
        guard matches, !bases.contains(lower) else { return matches }
        let notDockerfiles = [
            ".dockerignore", ".containerignore", ".md", ".txt", ".bak", ".orig", ".old", ".swp", ".rej", ".tmpl",
            ".template", ".tpl", ".j2", ".jinja", ".jinja2", ".erb", ".in", ".sh", ".json", ".yml", ".yaml", "~",
        ]
        return !notDockerfiles.contains { lower.hasSuffix($0) }
    }
}
