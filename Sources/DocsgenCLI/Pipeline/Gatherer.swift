import DocsgenCore
import DocsgenDockerfile
import Foundation

/// Reads every configured input and returns the project's facts. Never renders, never writes.
struct Gatherer {
    let project: Project

    /// Facts and all diagnostics; when any diagnostic is an error the facts are incomplete.
    func gather() throws(DocsgenError) -> (ProjectFacts, [Diagnostic]) {
        var diagnostics = project.diagnostics
        var dockerfiles: [DockerfileFacts] = []
        for entry in project.config.dockerfiles {
            let text: String
            do {
                text = try FileAccess.readText(project.url(entry.path), shownAs: entry.path)
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
        let warnings = diagnostics.filter { $0.severity != .error }
        return (ProjectFacts(project: project.config.project, dockerfiles: dockerfiles, diagnostics: warnings), diagnostics)
    }
}
