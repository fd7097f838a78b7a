import DocsgenCore
import DocsgenRender

/// The checks the documents show as ✗, as diagnostics for CI annotations (`docsgen check --format github`):
/// each at the place its first cited fact comes from (the `USER` line, the `FROM` line), else at the file
/// the check is about. Not verified items are not findings: nothing disproves them.
package enum FailedChecks {
    package static func diagnostics(_ facts: ProjectFacts) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for dockerfile in facts.dockerfiles {
            let review = ImageReview(dockerfile, facts: facts)
            for check in located(review.allChecks) {
                found.append(diagnostic(check.check, subject: dockerfile.name, at: check.location ?? SourceLocation(file: dockerfile.path, line: 1)))
            }
        }
        if let compose = facts.compose {
            let review = StackReview(facts: facts, compose: compose)
            for check in located(review.stackChecks) {
                found.append(diagnostic(check.check, subject: "stack", at: check.location ?? SourceLocation(file: compose.files.first ?? "docker-compose.yml", line: 1)))
            }
        }
        return found
    }

    /// Runs the checks on a scratch document; a failed check is located at the source of the first fact its
    /// text links to (`[appuser](#fact-backend.runtime.user)` → the `USER` line) that has a line.
    private static func located(_ make: (inout DocumentBuilder) -> [Check]) -> [(check: Check, location: SourceLocation?)] {
        var scratch = DocumentBuilder(name: "checks", title: "checks")
        let checks = make(&scratch)
        var sources: [String: FactSource] = [:]
        for citation in scratch.build().citations where sources[citation.key] == nil { sources[citation.key] = citation.source }
        return checks.filter { $0.verdict == .disproved }.map { check in
            var rest = Substring(check.markdown)
            while let range = rest.range(of: "](#fact-") {
                let key = rest[range.upperBound...].prefix { $0 != ")" }
                if let source = sources[String(key)], let line = source.line {
                    return (check, SourceLocation(file: source.file, line: line, column: source.column ?? 1))
                }
                rest = rest[range.upperBound...]
            }
            return (check, nil)
        }
    }

    private static func diagnostic(_ check: Check, subject: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, "\(subject): ✗ " + MarkdownText.plain(check.markdown), id: "review.\(check.id)", at: location)
    }
}
