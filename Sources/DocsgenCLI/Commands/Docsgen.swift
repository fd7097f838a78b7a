import ArgumentParser
import DocsgenCore
import DocsgenEngine
import Foundation

/// The `docsgen` command.
public struct Docsgen: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "docsgen",
        abstract: "Generate container build documentation from Dockerfiles and measured facts.",
        discussion: """
            docsgen reads the project's docsgen.yml (in this folder or the nearest folder above it), gathers \
            facts from the files it names and renders documents whose every number comes from a fact.

            Exit codes: 0 ok · 1 drift (check) · 2 invalid input or usage · 3 plugin failure.
            """,
        version: "0.1.0",
        subcommands: [Init.self, Build.self, Check.self, Facts.self, Measure.self, Parse.self, Lint.self, Publish.self, Plugins.self]
    )

    public init() {}
}

/// Options every project command takes.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this configuration file instead of searching for docsgen.yml.", valueName: "path"))
    var config: String?

    func locate() throws(DocsgenError) -> Project {
        try Project.locate(configPath: config, currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }
}

/// Runs docsgen with arguments and returns the exit code; the executable's `main` calls this.
public enum DocsgenMain {
    /// Parses `arguments` (without the program name), runs the command and maps every failure to the
    /// documented exit codes: 1 drift, 2 invalid input or usage, 3 plugin failure.
    public static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try Docsgen.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let error as DocsgenError {
            report(error)
            return error.exitCode
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            let code = Docsgen.exitCode(for: error)
            let message = Docsgen.fullMessage(for: error)
            if code == .success {
                Console.out(message + "\n")
                return 0
            }
            Console.err(message + "\n")
            return 2
        }
    }

    static func report(_ error: DocsgenError) {
        if case let .invalidInput(boxes, root) = error {
            let printer = DiagnosticPrinter.standardError(root: URL(fileURLWithPath: root, isDirectory: true))
            printer.print(boxes.map(\.diagnostic))
        }
        Console.err("docsgen: error: \(error.description)\n")
    }
}
