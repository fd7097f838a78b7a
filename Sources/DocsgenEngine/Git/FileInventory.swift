import DocsgenCore
import Foundation

/// Lists the files a project delivers, counts their lines and, with `completion.since`, compares each with
/// that revision through git.
package struct FileInventory {
    package let project: Project
    package var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The project's deliverables, in a stable order: configuration, Dockerfiles, build contexts, compose,
    /// env files, nginx, pages, then `completion.files`.
    package func candidates(dockerfiles: [DockerfileFacts], compose: ComposeFacts?, nginx: [NginxFacts], dockerignores: [DockerignoreFacts], pages: [String]) -> [Candidate] {
        var list: [(String, String)] = [(project.configFile, "docsgen configuration")]
        for entry in project.config.dockerfiles { list.append((entry.path, "Dockerfile of image \(entry.name)")) }
        for ignore in dockerignores { list.append((ignore.path, ".dockerignore of build context \(ignore.context.isEmpty ? "." : ignore.context)")) }
        for file in compose?.files ?? project.config.compose?.files ?? [] { list.append((file, "Compose file")) }
        for file in project.config.compose?.envFiles ?? [] {
            let name = (file.split(separator: "/").last.map(String.init) ?? file).lowercased()
            list.append((file, name.contains("example") || name.contains("template") || name.contains("sample") ? "environment template" : "env file"))
        }
        for config in nginx {
            for file in config.files { list.append((file, file == config.path ? "nginx configuration" : "nginx include")) }
        }
        for page in pages { list.append((page, "prose page")) }
        var candidates = list.map { Candidate(path: $0.0, role: $0.1, location: nil) }
        for file in project.config.completion?.files ?? [] { candidates.append(Candidate(path: file.path, role: file.role, location: file.location)) }
        var seen: Set<String> = []
        return candidates.filter { seen.insert(ProjectPath.normalise($0.path)).inserted }
    }

    /// A file to list: its path, role and, for `completion.files` entries, where docsgen.yml names it.
    package struct Candidate {
        var path: String
        var role: String
        var location: SourceLocation?
    }

    /// File facts and the completion facts, with diagnostics for git problems.
    package func gather(_ candidates: [Candidate]) -> ([ProjectFile], CompletionFacts?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let settings = project.config.completion
        var completion = settings.map { CompletionFacts(header: $0.header, since: $0.since, failOn: $0.failOn) }
        let git = GitRepository(root: project.root, environment: environment)
        if let since = settings?.since {
            do {
                completion?.sinceCommit = try git.commit(since.value)
            } catch {
                diagnostics.append(Diagnostic(.error, error.description, id: Self.id(of: error), at: since.location))
            }
        }
        var previous: [String: Data?] = [:]
        if let commit = completion?.sinceCommit {
            do {
                previous = try git.contents(of: candidates.map(\.path), at: commit)
            } catch {
                diagnostics.append(Diagnostic(.error, error.description, id: Self.id(of: error), at: settings?.since?.location))
                completion?.sinceCommit = nil
            }
        }
        var files: [ProjectFile] = []
        for candidate in candidates {
            let (path, role) = (candidate.path, candidate.role)
            let url = project.url(path)
            if let location = candidate.location {
                // Named by hand in docsgen.yml: it must be a file of this project.
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !FileAccess.isInside(url, root: project.root) {
                    diagnostics.append(Diagnostic(.error, "completion.files path '\(path)' is a symbolic link that leaves the project folder",
                                                  id: "config.invalid-path", at: location))
                    continue
                }
                if isFolder.boolValue {
                    diagnostics.append(Diagnostic(.error, "completion.files path '\(path)' is a folder; list the files in it that the task delivers",
                                                  id: "config.invalid-path", at: location))
                    continue
                }
            }
            guard let data = try? FileAccess.readData(url, shownAs: path) else {
                files.append(ProjectFile(path: path, role: role, exists: false))
                continue
            }
            var file = ProjectFile(path: path, role: role, exists: true, lines: ProjectFile.lineCount(data), bytes: Int64(data.count))
            if completion?.sinceCommit != nil, let old = previous[path] {
                file.change = Self.change(from: old, to: data)
            }
            files.append(file)
        }
        return (files, completion, diagnostics)
    }

    package static func change(from old: Data?, to new: Data) -> FileChange {
        let newLines = UnifiedDiff.lines(String(decoding: new, as: UTF8.self))
        guard let old else { return FileChange(status: .added, linesAdded: newLines.count, linesRemoved: 0) }
        if old == new { return FileChange(status: .unchanged, linesAdded: 0, linesRemoved: 0) }
        let edits = UnifiedDiff.edits(UnifiedDiff.lines(String(decoding: old, as: UTF8.self)), newLines)
        var added = 0, removed = 0
        for edit in edits {
            switch edit {
            case .added: added += 1
            case .removed: removed += 1
            case .same: break
            }
        }
        return FileChange(status: .modified, linesAdded: added, linesRemoved: removed)
    }

    package static func id(of failure: GitRepository.Failure) -> String {
        switch failure {
        case .gitMissing: "completion.git-missing"
        case .notARepository: "completion.not-a-repository"
        case .unknownRevision: "completion.unknown-revision"
        case .failed: "completion.git-failed"
        }
    }
}
