/// A document produced by a plugin, before docsgen adds its header and Sources section.
public struct Document: Sendable, Hashable, Codable {
    /// File name without extension (`optimization-guide`): gives `NAME.md` and `html/NAME.html`.
    public var name: String
    /// Title shown as the first heading and in navigation.
    public var title: String
    /// The body in GitHub-flavoured Markdown.
    public var body: String
    /// Every fact the body states, in order of first use.
    public var citations: [Citation]

    /// Creates a document.
    public init(name: String, title: String, body: String, citations: [Citation]) {
        self.name = name
        self.title = title
        self.body = body
        self.citations = citations
    }
}

/// A document already generated in this build, as later plugins see it (the completion report lists them).
public struct DocumentSummary: Sendable, Hashable, Codable {
    /// File name without extension.
    public var name: String
    /// Title.
    public var title: String
    /// The Markdown file, relative to the project root (`Output/optimization-guide.md`).
    public var path: String
    /// Lines of the Markdown file.
    public var lines: Int
    /// Number of facts it cites.
    public var facts: Int

    /// Creates a summary.
    public init(name: String, title: String, path: String, lines: Int, facts: Int) {
        self.name = name
        self.title = title
        self.path = path
        self.lines = lines
        self.facts = facts
    }
}

/// What a plugin receives.
public struct PluginInput: Sendable {
    /// All gathered facts.
    public var facts: ProjectFacts
    /// Options from the plugin's entry in `docsgen.yml`.
    public var options: [String: String]
    /// Documents generated before this plugin runs: prose pages, then the documents of the plugins listed
    /// earlier in `docsgen.yml`.
    public var documents: [DocumentSummary]
    /// Prose pages whose front matter appends them to this plugin's document (`plugin-section:`), rendered;
    /// the plugin places them (the built-ins put them at the end, the completion report under "Known issues").
    public var sections: [Document]

    /// Creates a plugin input.
    public init(facts: ProjectFacts, options: [String: String] = [:], documents: [DocumentSummary] = [], sections: [Document] = []) {
        self.facts = facts
        self.options = options
        self.documents = documents
        self.sections = sections
    }
}

/// A file a document refers to, written to `Output/assets/` (an SVG chart, say) and inlined in the HTML page.
public struct DocumentAsset: Sendable, Hashable, Codable {
    /// File name inside `assets/` (`stack.svg`).
    public var name: String
    /// The file's text.
    public var contents: String

    /// Creates an asset.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// What a plugin returns.
public struct PluginOutput: Sendable {
    /// The documents, in navigation order.
    public var documents: [Document]
    /// Files the documents refer to as `assets/NAME`.
    public var assets: [DocumentAsset]
    /// Problems the plugin wants reported (for example a fact it expected but did not find).
    public var diagnostics: [Diagnostic]

    /// Creates a plugin output.
    public init(documents: [Document], assets: [DocumentAsset] = [], diagnostics: [Diagnostic] = []) {
        self.documents = documents
        self.assets = assets
        self.diagnostics = diagnostics
    }
}

/// A report plugin: a pure function from facts to documents.
///
/// Plugins never read files, print or look at the clock; everything they need arrives in
/// ``PluginInput``. Throwing makes `docsgen build` exit with code 3 and name the plugin.
public protocol ReportPlugin: Sendable {
    /// The name used in `docsgen.yml` (`optimization-guide`).
    var name: String { get }
    /// One line saying what the plugin writes.
    var summary: String { get }
    /// Renders documents from facts.
    ///
    /// - Parameter input: The facts and the plugin's options.
    /// - Returns: Documents and diagnostics.
    /// - Throws: Any error when the plugin cannot produce its documents.
    func render(_ input: PluginInput) throws -> PluginOutput
}
