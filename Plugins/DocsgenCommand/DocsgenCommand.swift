import Foundation
import PackagePlugin

/// `swift package docsgen build|check|…`: runs the `docsgen` executable of this package in the package
/// that uses the plugin, with the arguments given. A thin wrapper: everything else is the executable's.
///
/// ```sh
/// swift package --allow-writing-to-package-directory docsgen build
/// swift package --allow-writing-to-package-directory docsgen check --format github
/// ```
@main
struct DocsgenCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "docsgen")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = arguments.isEmpty ? ["build"] : arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            Diagnostics.error("docsgen \(process.arguments?.joined(separator: " ") ?? "") exited with status \(process.terminationStatus)")
            // The executable's exit code, so CI sees 1 (drift), 2 (input) or 3 (plugin) as with the executable.
            exit(process.terminationStatus)
        }
    }
}
