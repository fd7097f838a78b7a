import DocsgenCore
import Foundation

/// Lists the files a project delivers, counts their lines and, with `completion.since`, compares each with
/// that revision through git.
struct FileInventory {
    let project: Project
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The project's deliverables, in a stable order: configuration, Dockerfiles, build contexts, compose,
    /// env files, nginx, pages, then `completion.files`.
    func candidates(dockerfiles: [DockerfileFacts], compose: ComposeFacts?, nginx: [NginxFacts], dockerignores: [DockerignoreFacts], pages: [String]) -> [(path: String, role: String)] {
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
        for file in project.config.completion?.files ?? [] { list.append((file.path, file.role)) }
        var seen: Set<String> = []
        return list.filter { seen.insert(ProjectPath.normalise($0.0)).inserted }
    }

    /// File facts and the completion facts, with diagnostics for git problems.
    func gather(_ candidates: [(path: String, role: String)]) -> ([ProjectFile], CompletionFacts?, [Diagnostic]) {
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
        var files: [ProjectFile] = []
        for (path, role) in candidates {
            guard let data = try? FileAccess.readData(project.url(path), shownAs: path) else {
                files.append(ProjectFile(path: path, role: role, exists: false))
                continue
            }
            var file = ProjectFile(path: path, role: role, exists: true, lines: ProjectFile.lineCount(data), bytes: Int64(data.count))
            if let commit = completion?.sinceCommit {
                do {
                    file.change = Self.change(from: try git.contents(of: path, at: commit), to: data)
                } catch {
                    diagnostics.append(Diagnostic(.error, error.description, id: Self.id(of: error), at: settings?.since?.location ?? SourceLocation(file: project.configFile, line: 1)))
                    completion?.sinceCommit = nil
                }
            }
            files.append(file)
        }
        return (files, completion, diagnostics)
    }

    static func change(from old: Data?, to new: Data) -> FileChange {
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

    static func id(of failure: GitRepository.Failure) -> String {
        switch failure {
        case .gitMissing: "completion.git-missing"
        case .notARepository: "completion.not-a-repository"
        case .unknownRevision: "completion.unknown-revision"
        case .failed: "completion.git-failed"
        }
    }
}
