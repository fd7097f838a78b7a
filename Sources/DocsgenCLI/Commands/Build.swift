import ArgumentParser
import DocsgenCore
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
        if let release { project.config.release = release }
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
        let printer = DiagnosticPrinter.standardError(environment: ProcessInfo.processInfo.environment) { path in
            try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
        printer.print(diagnostics)
        return try Generator(project: project).generate(facts)
    }
}
