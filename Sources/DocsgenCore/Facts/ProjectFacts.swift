/// All facts gathered for a project: the input of every plugin and the content of `facts.json`.
public struct ProjectFacts: Sendable, Hashable, Codable {
    /// Version of the public facts format. Bump it when a key changes meaning or disappears.
    public static let currentSchemaVersion = 1

    /// The facts format version (``currentSchemaVersion``).
    public var schemaVersion: Int
    /// The project title from `docsgen.yml`.
    public var project: String
    /// Facts from each configured Dockerfile, in configuration order.
    public var dockerfiles: [DockerfileFacts]
    /// Problems found while gathering. In `Output/facts.json` only warnings (errors stop a build before
    /// anything is written); `docsgen facts --json` lists errors too.
    public var diagnostics: [Diagnostic]

    /// Creates a facts value.
    public init(project: String, dockerfiles: [DockerfileFacts], diagnostics: [Diagnostic]) {
        self.schemaVersion = Self.currentSchemaVersion
        self.project = project
        self.dockerfiles = dockerfiles
        self.diagnostics = diagnostics
    }
}
