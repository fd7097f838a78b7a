/// What to load and how to treat variables.
public struct ComposeOptions: Sendable, Hashable {
    /// Compose files, merged in order; paths relative to the project root.
    public var files: [String]
    /// Env files for interpolation; `nil` means `.env` in the project directory when it exists.
    public var envFiles: [String]?
    /// The process environment, when it should take part (it overrides env files, as in Compose).
    public var processEnvironment: [String: String]
    /// Variables whose values may be shown in documents and facts.
    public var publicVariables: Set<String>
    /// Active profiles.
    public var profiles: [String]
    /// Show every value (`docsgen facts --show-values`); never used for documents.
    public var showValues: Bool
    /// The project name to use when the files set none (Compose uses the project folder's name).
    public var defaultName: String

    /// Creates options.
    public init(
        files: [String], envFiles: [String]? = nil, processEnvironment: [String: String] = [:],
        publicVariables: Set<String> = [], profiles: [String] = [], showValues: Bool = false, defaultName: String
    ) {
        self.files = files
        self.envFiles = envFiles
        self.processEnvironment = processEnvironment
        self.publicVariables = publicVariables
        self.profiles = profiles
        self.showValues = showValues
        self.defaultName = defaultName
    }
}
