import ArgumentParser
import DocsgenEngine
import Foundation

/// `docsgen init`: write a commented docsgen.yml from the Dockerfiles, compose files and measurements found.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented docsgen.yml from the Dockerfiles, compose files, nginx configurations, measurements and pages found.",
        discussion: """
            Scans the folder and its subfolders, except hidden folders (.git, .venv, .build…), dependencies \
            (node_modules, vendor, venv, third_party…), build output (dist, target) and test fixtures (testdata, \
            fixtures); symbolic links are not followed. A real .env is named, never read. The configuration is \
            checked with the whole pipeline before it is written; an input docsgen would stop at is left commented \
            out with the error beside it. An existing docsgen.yml is never replaced without --force.

            Exit codes: 0 written · 2 nothing found, docsgen.yml exists (without --force) or invalid usage · \
            4 docsgen.yml could not be written.
            """)

    @Flag(help: "Replace an existing docsgen.yml.")
    var force = false

    @Option(name: [.customShort("C"), .long], help: ArgumentHelp("Scan and write to this folder instead of the current one.", valueName: "dir"))
    var projectDirectory: String?

    func run() throws {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = projectDirectory.map { URL(fileURLWithPath: $0, relativeTo: current).standardizedFileURL } ?? current
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DocsgenError.unreadable(path: projectDirectory ?? root.path, reason: "no such folder")
        }
        let initializer = ProjectInitializer(root: root)
        let shown = projectDirectory.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + "docsgen.yml" } ?? "docsgen.yml"
        // Before the scan, so a refusal is quick; write(_:force:) refuses again if one appears meanwhile.
        if !force, FileManager.default.fileExists(atPath: initializer.configURL.path) {
            throw DocsgenError.configExists(path: shown)
        }
        let result = try initializer.prepare()
        try initializer.write(result.text, force: force, shownAs: shown)
        let width = result.survey.summary.map(\.kind.count).max() ?? 0
        for (kind, text) in result.survey.summary {
            Console.out("  " + kind.padding(toLength: width + 2, withPad: " ", startingAt: 0) + text + "\n")
        }
        let next = projectDirectory == nil ? "docsgen build" : "docsgen build --config \(shown)"
        Console.out("docsgen: wrote \(shown) (each item's comment says where it was found); next: \(next)\n")
    }
}
