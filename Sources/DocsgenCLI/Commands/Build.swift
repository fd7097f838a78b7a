import ArgumentParser
import DocsgenCore
import DocsgenEngine
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
        var engine = try Engine(project: options.locate(), release: release)
        engine.log = { Console.err($0 + "\n") }
        let result = try engine.generate()
        DiagnosticPrinter.standardError(root: engine.project.root).print(result.warnings)
        let generation = result.generation
        let summary = try engine.write(generation)
        if !quiet {
            let folder = engine.project.config.output
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
        discussion: """
            Prints each fact that changed (old → new, with its source), the files that differ, and a unified diff. \
            --format json prints the same for scripts, github prints workflow commands that annotate the pull request \
            (the default when GITHUB_ACTIONS=true), sarif prints a SARIF 2.1.0 log for code scanning. Facts covered by \
            `check.tolerances` in docsgen.yml that changed within their bound are reported but do not fail.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github, sarif
    }

    @OptionGroup var options: ProjectOptions

    @Option(help: ArgumentHelp("Check the documents of this release (default: `release:` in docsgen.yml, else the newest).", valueName: "version"))
    var release: String?

    @Option(help: ArgumentHelp("Output format: text, json, github or sarif (default: github when GITHUB_ACTIONS=true, else text).", valueName: "format"))
    var format: Format?

    func run() throws {
        var engine = try Engine(project: options.locate(), release: release)
        engine.log = { Console.err($0 + "\n") }
        let result = try engine.generate()
        DiagnosticPrinter.standardError(root: engine.project.root).print(result.warnings)
        let report = engine.check(result.generation)
        let folder = engine.project.config.output
        let chosen = format ?? (ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" ? .github : .text)
        // ✗ checks are annotations in CI formats (warnings: the documents already say so; they do not fail check).
        let failed = chosen == .text ? [] : engine.failedChecks(result.facts)
        switch chosen {
        case .text:
            if report.isClean {
                Console.out("docsgen: \(folder)/ is up to date (\(result.generation.files.count) files).\n")
            } else {
                Console.out(engine.checker.describe(report))
            }
        case .json:
            Console.out(try CheckReportFormats.json(report, outputName: folder, failedChecks: failed))
        case .github:
            Console.out(CheckReportFormats.github(report, outputName: folder, failedChecks: failed))
            // The log of the job keeps the readable report and its diffs.
            Console.out(report.isClean ? "docsgen: \(folder)/ is up to date (\(result.generation.files.count) files).\n" : engine.checker.describe(report))
        case .sarif:
            Console.out(try CheckReportFormats.sarif(report, outputName: folder, version: Docsgen.configuration.version, failedChecks: failed))
        }
        if !report.passes { throw ExitCode(1) }
    }
}

/// `docsgen lint`: numbers typed by hand in prose pages that equal a fact.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report numbers typed by hand in prose pages that equal a fact's value, with the placeholder to use.",
        discussion: "Exit 1 when any is found, so CI can require placeholders. Also checks every placeholder (exit 2 on an unknown fact).")

    @OptionGroup var options: ProjectOptions

    func run() throws {
        let engine = try Engine(project: options.locate())
        let (facts, _) = try engine.gather()
        let root = engine.project.root
        let (_, problems) = engine.readPages(facts)
        if problems.containsErrors { throw DocsgenError.invalidInput(problems.map(DiagnosticBox.init), root: root.path) }
        let printer = DiagnosticPrinter.standardError(root: root)
        let typed = problems.filter { $0.id == "pages.typed-number" }
        printer.print(typed)
        let count = facts.files.filter { $0.role == "prose page" }.count
        Console.out("docsgen: \(typed.count) number\(typed.count == 1 ? "" : "s") typed by hand in \(count) page\(count == 1 ? "" : "s")\n")
        if !typed.isEmpty { throw ExitCode(1) }
    }
}

/// `docsgen plugins`: list the built-in plugins and the external plugins docsgen.yml configures.
struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in plugins and the external plugins configured in docsgen.yml, with their protocol version.",
        discussion: "Each external plugin is asked `--docsgen-protocol`; one that does not answer protocol 1 is listed with the problem (exit 3).")

    @OptionGroup var options: ProjectOptions

    func run() throws {
        var rows = BuiltinPlugins.all.map { ($0.name, "built-in", $0.summary) }
        var failed = false
        // Outside a project only the built-in plugins are listed.
        if let project = try? options.locate() {
            for entry in project.config.plugins where entry.run != nil {
                do {
                    let answer = try ExternalPlugin(entry: entry, root: project.root).handshake { Console.err($0 + "\n") }
                    rows.append((entry.name, "protocol \(answer.protocol)", answer.summary + " (" + (entry.run ?? []).joined(separator: " ") + ")"))
                } catch {
                    failed = true
                    rows.append((entry.name, "unusable", error.description))
                }
            }
        }
        let width = rows.map(\.0.count).max() ?? 0
        let kind = rows.map(\.1.count).max() ?? 0
        for (name, type, summary) in rows {
            Console.out(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + type.padding(toLength: kind + 2, withPad: " ", startingAt: 0) + summary + "\n")
        }
        if failed { throw ExitCode(3) }
    }
}
