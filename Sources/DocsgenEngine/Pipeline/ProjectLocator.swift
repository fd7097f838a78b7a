import DocsgenCore
import Foundation

/// A project on disk: its root folder and loaded configuration.
public struct Project: Sendable {
    /// The folder holding `docsgen.yml`; every configured path is relative to it.
    public var root: URL
    /// The configuration file's path relative to ``root``.
    public var configFile: String
    /// The configuration.
    public var config: ProjectConfig
    /// Warnings found while loading the configuration.
    public var diagnostics: [Diagnostic]

    /// Finds and loads the configuration.
    ///
    /// - Parameters:
    ///   - configPath: `--config PATH`, or `nil` to search the current folder and the folders above it.
    ///   - currentDirectory: Where the search starts.
    /// - Throws: ``DocsgenError`` when no configuration is found or it is invalid.
    public static func locate(configPath: String?, currentDirectory: URL) throws(DocsgenError) -> Project {
        let configURL: URL
        if let configPath {
            configURL = URL(fileURLWithPath: configPath, relativeTo: currentDirectory).standardizedFileURL
        } else {
            guard let found = search(from: currentDirectory) else {
                throw .configNotFound(searchedFrom: currentDirectory.path)
            }
            configURL = found
        }
        let text = try FileAccess.readText(configURL, shownAs: configPath ?? ConfigLoader.fileName)
        let name = configURL.lastPathComponent
        let (config, diagnostics) = ConfigLoader().load(text, file: name)
        guard let config else {
            throw .invalidInput(diagnostics.map(DiagnosticBox.init), root: configURL.deletingLastPathComponent().path)
        }
        return Project(root: configURL.deletingLastPathComponent(), configFile: name, config: config, diagnostics: diagnostics)
    }

    package static func search(from start: URL) -> URL? {
        var folder = start.standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent(ConfigLoader.fileName)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// The absolute URL of a configured path.
    public func url(_ relativePath: String) -> URL {
        URL(fileURLWithPath: relativePath, relativeTo: root).standardizedFileURL
    }

    /// The output folder.
    public var outputURL: URL { url(config.output) }
}
