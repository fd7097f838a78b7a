import ArgumentParser
import DocsgenCore
import DocsgenPages
import Foundation

/// `docsgen build`: gather, render, write the output folder.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Gather facts, render every document and write the output folder.",
        discussion: "Files are written atomically; unchanged files are left alone; files an earlier build generated "
            + "and this one does not are removed. A build that fails on bad input writes nothing.")

    @OptionGroup var options: ProjectOptions

    @Option(help: ArgumentHelp("Describe this release (default: `release:` in docsgen.yml, else the newest recorded one).", valueName: "version"))
    var release: String?

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let session = try Session(options: options, release: release)
        let generation = try session.generate()
        let summary = try OutputWriter(outputURL: session.project.outputURL).write(generation)
        if !quiet {
            let folder = session.project.config.output
            var line = "docsgen: \(generation.files.count) files in \(folder)/: \(summary.written.count) written, \(summary.unchanged.count) unchanged"
            if !summary.removed.isEmpty { line += ", \(summary.removed.count) removed (\(summary.removed.joined(separator: ", ")))" }
            Console.out(line + "\n")
        }
    }
}

/// `docsgen check`: generate in memory and compare with the committed output.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fail (exit 1) when the committed documents no longer match the inputs. Writes nothing.",
        discussion: "Prints each fact that changed (old → new, with its source), the files that differ, and a unified diff.")

    @OptionGroup var options: ProjectOptions

    @Option(help: ArgumentHelp("Check the documents of this release (default: `release:` in docsgen.yml, else the newest).", valueName: "version"))
    var release: String?

    func run() throws {
        let session = try Session(options: options, release: release)
        let generation = try session.generate()
        let checker = DriftChecker(outputURL: session.project.outputURL, outputName: session.project.config.output)
        let report = checker.check(generation)
        if report.isClean {
            Console.out("docsgen: \(session.project.config.output)/ is up to date (\(generation.files.count) files).\n")
            return
        }
        Console.out(checker.describe(report))
        throw ExitCode(1)
    }
}

/// `docsgen lint`: numbers typed by hand in prose pages that equal a fact.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report numbers typed by hand in prose pages that equal a fact's value, with the placeholder to use.",
        discussion: "Exit 1 when any is found, so CI can require placeholders. Also checks every placeholder (exit 2 on an unknown fact).")

    @OptionGroup var options: ProjectOptions

    func run() throws {
        let session = try Session(options: options)
        let (facts, diagnostics) = try Gatherer(project: session.project).gather()
        let root = session.project.root
        if diagnostics.containsErrors { throw DocsgenError.invalidInput(diagnostics.map(DiagnosticBox.init), root: root.path) }
        let (_, problems) = session.readPages(facts)
        if problems.containsErrors { throw DocsgenError.invalidInput(problems.map(DiagnosticBox.init), root: root.path) }
        let printer = DiagnosticPrinter.standardError(root: root)
        let typed = problems.filter { $0.id == "pages.typed-number" }
        printer.print(typed)
        let count = facts.files.filter { $0.role == "prose page" }.count
        Console.out("docsgen: \(typed.count) number\(typed.count == 1 ? "" : "s") typed by hand in \(count) page\(count == 1 ? "" : "s")\n")
        if !typed.isEmpty { throw ExitCode(1) }
    }
}

/// `docsgen plugins`: list the built-in plugins.
struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the available plugins.")

    func run() throws {
        let width = BuiltinPlugins.all.map(\.name.count).max() ?? 0
        for plugin in BuiltinPlugins.all {
            Console.out(plugin.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + plugin.summary + "\n")
        }
    }
}

/// Shared steps of `build` and `check`: locate the project, gather, report diagnostics, generate.
struct Session {
    let project: Project

    init(options: ProjectOptions, release: String? = nil) throws(DocsgenError) {
        var project = try options.locate()
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

    func generate() throws(DocsgenError) -> Generation {
        let (facts, diagnostics) = try Gatherer(project: project).gather()
        let root = project.root
        if diagnostics.containsErrors {
            throw .invalidInput(diagnostics.map(DiagnosticBox.init), root: root.path)
        }
        let printer = DiagnosticPrinter.standardError(root: root)
        let (pages, pageProblems) = readPages(facts)
        if pageProblems.containsErrors {
            throw .invalidInput(pageProblems.map(DiagnosticBox.init), root: root.path)
        }
        printer.print(diagnostics + pageProblems)
        var generator = Generator(project: project)
        generator.pages = pages
        return try generator.generate(facts)
    }

    /// Renders every prose page; warns about numbers typed by hand. Pages sort by `order`, then path.
    func readPages(_ facts: ProjectFacts) -> ([Page], [Diagnostic]) {
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
