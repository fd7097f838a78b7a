import DocsgenCore

/// Reads a Dockerfile into facts: the entry point of this module.
///
/// ```swift
/// let result = DockerfileReader().read(text, name: "backend", path: "backend/Dockerfile")
/// result.facts?.runtimeStage?.user?.value   // "appuser"
/// ```
public struct DockerfileReader: Sendable {
    /// The result of reading one Dockerfile.
    public struct Result: Sendable {
        /// The facts, or `nil` when the file has an error.
        public var facts: DockerfileFacts?
        /// Errors and warnings, located in the file.
        public var diagnostics: [Diagnostic]
    }

    /// Creates a reader.
    public init() {}

    /// Parses and resolves a Dockerfile.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - name: The name documents use for the image.
    ///   - path: The file's path relative to the project root, used in facts and diagnostics.
    ///   - buildArgs: Values for `ARG`s, as `--build-arg` would give them.
    /// - Returns: Facts and diagnostics. An error diagnostic means no facts.
    public func read(_ text: String, name: String, path: String, buildArgs: [String: String] = [:]) -> Result {
        let parsed: ParsedDockerfile
        do {
            parsed = try DockerfileParser().parse(text)
        } catch {
            return Result(facts: nil, diagnostics: [error.diagnostic(file: path)])
        }
        let warnings = parsed.warnings.map { warning in
            var located = warning
            located.location?.file = path
            return located
        }
        do {
            var (facts, stageWarnings) = try StageResolver(path: path, parsed: parsed, buildArgs: buildArgs).resolve()
            facts.name = name
            return Result(facts: facts, diagnostics: warnings + stageWarnings)
        } catch {
            let diagnostic = Diagnostic(
                .error, error.message, id: error.id,
                at: SourceLocation(file: path, line: error.line, column: error.column))
            return Result(facts: nil, diagnostics: warnings + [diagnostic])
        }
    }
}
