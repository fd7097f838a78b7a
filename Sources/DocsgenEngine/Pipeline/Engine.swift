import DocsgenCore
import DocsgenPages
import DocsgenRender
import DocsgenReviews
import Foundation

/// The pipeline without a command line: gather → pages → plugins → render, then write or compare.
/// The CLI, the tests and other tools drive docsgen through this; it never prints. Warnings are returned
/// with each result for the caller to show.
///
/// ```swift
/// let engine = try Engine(project: try Project.locate(configPath: nil, currentDirectory: folder))
/// let result = try engine.generate()          // throws DocsgenError with located diagnostics
/// let summary = try engine.write(result.generation)
/// ```
package struct Engine {
    package let project: Project
    /// Receives what external plugins write to standard error, one line at a time, prefixed with their name.
    package var log: (String) -> Void = { _ in }

    /// A generation and the warnings found while gathering and reading pages.
    package struct Result {
        package var generation: Generation
        package var facts: ProjectFacts
        package var warnings: [Diagnostic]
    }

    /// Prepares a project; `release` (from the command line) overrides `release:` in docsgen.yml.
    package init(project: Project, release: String? = nil) throws(DocsgenError) {
        var project = project
        if let release {
            // Given on the command line: no line of docsgen.yml says it.
            project.config.release = release
            project.config.locations["release"] = nil
        }
        self.project = project
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: project.outputURL.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw .outputNotFolder(path: project.config.output)
        }
    }

    /// Gathers, reads pages, runs plugins and renders, in memory.
    package func generate() throws(DocsgenError) -> Result {
        // External plugins start now, so their interpreters start up while the facts are gathered.
        var launches: [String: ExternalPlugin.Launch] = [:]
        for entry in project.config.plugins where entry.run != nil && launches[entry.name] == nil {
            launches[entry.name] = ExternalPlugin(entry: entry, root: project.root).launch()
        }
        defer { for launch in launches.values { launch.cancel() } }
        let (facts, diagnostics) = try gather()
        let (pages, pageProblems) = readPages(facts)
        if pageProblems.containsErrors {
            throw .invalidInput(pageProblems.map(DiagnosticBox.init), root: project.root.path)
        }
        var generator = Generator(project: project)
        generator.pages = pages
        generator.log = log
        generator.launches = launches
        let generation = try generator.generate(facts)
        return Result(generation: generation, facts: facts, warnings: diagnostics + pageProblems + generator.pluginWarnings)
    }

    /// The project's facts; errors in the inputs throw.
    package func gather() throws(DocsgenError) -> (ProjectFacts, [Diagnostic]) {
        let (facts, diagnostics) = try Gatherer(project: project).gather()
        if diagnostics.containsErrors {
            throw .invalidInput(diagnostics.map(DiagnosticBox.init), root: project.root.path)
        }
        return (facts, diagnostics)
    }

    /// Writes a generation to the output folder (atomically, nothing changed when any file cannot be written).
    package func write(_ generation: Generation) throws(DocsgenError) -> OutputWriter.Summary {
        try OutputWriter(outputURL: project.outputURL).write(generation)
    }

    /// Compares a generation with the committed output folder.
    package func check(_ generation: Generation) -> DriftChecker.Report {
        checker.check(generation)
    }

    /// The checks the documents show as ✗, each located at its evidence, for CI annotations.
    package func failedChecks(_ facts: ProjectFacts) -> [Diagnostic] {
        FailedChecks.diagnostics(facts)
    }

    /// The drift checker of this project, with its tolerances.
    package var checker: DriftChecker {
        DriftChecker(outputURL: project.outputURL, outputName: project.config.output, tolerances: project.config.tolerances)
    }

    /// Renders every prose page; warns about numbers typed by hand. Pages sort by `order`, then path.
    package func readPages(_ facts: ProjectFacts) -> ([Page], [Diagnostic]) {
        let renderer = PageRenderer(facts: facts, configFile: project.configFile, configLocations: project.config.locations)
        let lint = TypedNumberLint(tree: renderer.tree)
        let known = Set(project.config.plugins.map(\.name))
        var pages: [Page] = []
        var diagnostics: [Diagnostic] = []
        for file in facts.files where file.role == "prose page" {
            let text: String
            guard FileAccess.isInside(project.url(file.path), root: project.root) else {
                diagnostics.append(Diagnostic(
                    .error, "\(file.path) is a symbolic link to a file outside the project; pages are read only from inside it",
                    id: "pages.outside-project", at: SourceLocation(file: file.path, line: 1, column: 1)))
                continue
            }
            do {
                text = try FileAccess.readText(project.url(file.path), shownAs: file.path)
            } catch {
                diagnostics.append(Diagnostic(.error, error.description, id: "input.unreadable", at: SourceLocation(file: file.path, line: 1, column: 1)))
                continue
            }
            let (page, problems) = renderer.render(text, path: file.path)
            diagnostics += problems
            if let page, let section = page.pluginSection, !known.contains(section) {
                diagnostics.append(Diagnostic(
                    .error, "plugin-section '\(section)' is not a plugin listed in docsgen.yml (\(known.sorted().joined(separator: ", ")))",
                    id: "pages.unknown-section", at: page.pluginSectionLocation ?? SourceLocation(file: file.path, line: 1, column: 1)))
                continue
            }
            guard let page else { continue }
            pages.append(page)
            diagnostics += lint.check(text, path: file.path)
        }
        pages.sort { ($0.order, $0.path) < ($1.order, $1.path) }
        return (pages, diagnostics)
    }
}

extension Engine {
    /// The wiki files of a generation for `target`: one page per document, the home page, the flavour's
    /// navigation and the SVG assets; and every cited fact's value (for the commit message).
    package func wikiFiles(_ generation: Generation, for target: PublishTarget) -> (files: [String: Data], facts: [String: String]) {
        let layout = WikiLayout(flavor: target.flavor, folder: target.folder)
        var documents: [WikiLayout.Document] = []
        var assets: [(name: String, contents: Data)] = []
        for file in generation.files {
            if file.path.hasPrefix("assets/") {
                assets.append((String(file.path.dropFirst("assets/".count)), file.contents))
            } else if let document = Self.document(file) {
                documents.append(.init(name: document.name, title: document.title, markdown: document.markdown))
            }
        }
        // The navigation order of the HTML pages.
        let order = generation.order
        documents.sort { (order.firstIndex(of: $0.name) ?? Int.max, $0.name) < (order.firstIndex(of: $1.name) ?? Int.max, $1.name) }
        var facts: [String: String] = [:]
        for (_, citations) in generation.manifest.documents.sorted(by: { $0.key < $1.key }) {
            for citation in citations where facts[citation.key] == nil { facts[citation.key] = citation.value }
        }
        return (layout.files(documents, assets: assets, project: generation.facts.project), facts)
    }
}

extension Engine {
    /// A generated document's Markdown file (`NAME.md` at the top of the output): its name, title (the first
    /// `# ` heading) and text; `nil` for any other file.
    static func document(_ file: GeneratedFile) -> (name: String, title: String, markdown: String)? {
        guard file.path.hasSuffix(".md"), !file.path.contains("/") else { return nil }
        let text = String(decoding: file.contents, as: UTF8.self)
        let name = String(file.path.dropLast(3))
        let title = text.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) } ?? name
        return (name, title, text)
    }

    /// A Confluence page to create or update: storage-format body, its attachments and labels.
    package struct ConfluencePage: Encodable {
        package var title: String
        package var file: String
        package var parent: String?
        package var labels: [String]
        package var attachments: [String]
        package var storage: String
        /// The values of the facts the page cites, by key (kept with the page to name what changed).
        package var facts: [String: String] = [:]
    }

    /// The generation's documents as Confluence pages, in navigation order.
    package func confluencePages(_ generation: Generation, for target: PublishTarget) -> [ConfluencePage] {
        var titles: [String: String] = [:]
        var markdowns: [String: String] = [:]
        for file in generation.files {
            guard let document = Self.document(file) else { continue }
            titles[file.path] = document.title
            markdowns[file.path] = document.markdown
        }
        return generation.order.compactMap { name -> ConfluencePage? in
            let path = "\(name).md"
            guard let markdown = markdowns[path], let title = titles[path] else { return nil }
            // The page title is Confluence's own heading: the Markdown's first heading is not repeated.
            var body = markdown
            if let range = body.range(of: "# \(title)\n") { body.removeSubrange(range) }
            let attachments = generation.files.map(\.path).filter { $0.hasPrefix("assets/") && markdown.contains("](\($0))") }
                .map { String($0.dropFirst("assets/".count)) }
            var facts: [String: String] = [:]
            for citation in generation.manifest.documents[name] ?? [] { facts[citation.key] = citation.value }
            return ConfluencePage(
                title: title, file: "pages/\(name).xml", parent: target.parentPage, labels: ["docsgen", "docsgen-\(name)"],
                attachments: attachments, storage: ConfluenceStorage(pageTitle: title, pages: titles).render(body), facts: facts)
        }
    }
}
