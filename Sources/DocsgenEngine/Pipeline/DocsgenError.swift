/// Errors that stop a command, each with the exit code the CLI documents.
public enum DocsgenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `docsgen.yml` was found.
    case configNotFound(searchedFrom: String)
    /// A file could not be read.
    case unreadable(path: String, reason: String)
    /// Input files have errors; the diagnostics were collected. Their paths are relative to `root`.
    case invalidInput([DiagnosticBox], root: String)
    /// A configured plugin does not exist.
    case unknownPlugin(name: String, known: [String])
    /// A plugin threw.
    case pluginFailed(name: String, reason: String)
    /// Writing the output failed.
    case writeFailed(path: String, reason: String)
    /// A value cannot be written as JSON (for example a number too large to be finite).
    case encodingFailed(reason: String)
    /// The output folder exists but is not a folder.
    case outputNotFolder(path: String)
    /// Publishing to a wiki failed; nothing was published to that target.
    case publishFailed(target: String, reason: String)
    /// `docsgen init` found a `docsgen.yml` where it would write one (without `--force`).
    case configExists(path: String)
    /// `docsgen init` found no Dockerfile and no compose file.
    case nothingToDocument(folder: String)

    /// The process exit code: 2 for invalid input or usage, 3 for plugin failures, 4 when the output could
    /// not be written.
    public var exitCode: Int32 {
        switch self {
        case .pluginFailed: 3
        case .writeFailed: 4
        case .publishFailed: 5
        default: 2
        }
    }

    public var description: String {
        switch self {
        case let .configNotFound(folder):
            "no docsgen.yml in \(folder) or any folder above it; run `docsgen init` to write one from the Dockerfiles "
                + "and compose files found here, run docsgen inside a project, or pass --config PATH"
        case let .unreadable(path, reason):
            "cannot read \(path): \(reason)"
        case let .invalidInput(diagnostics, _):
            Self.errorCount(diagnostics)
        case let .unknownPlugin(name, known):
            "unknown plugin '\(name)' in docsgen.yml; available: \(known.joined(separator: ", "))"
        case let .pluginFailed(name, reason):
            "plugin '\(name)' failed: \(reason)"
        case let .publishFailed(target, reason):
            "publishing to '\(target)' failed: \(reason)"
        case let .writeFailed(path, reason):
            "cannot write \(path): \(reason)"
        case let .encodingFailed(reason):
            "cannot write the facts as JSON: \(reason)"
        case let .configExists(path):
            "\(path) already exists and was left unchanged; run `docsgen init --force` to replace it"
        case let .nothingToDocument(folder):
            "found no Dockerfile and no compose file in \(folder) (hidden folders, dependencies, build output and test "
                + "fixtures are not scanned); nothing was written"
        case let .outputNotFolder(path):
            "the output path \(path) exists and is not a folder; remove it or set 'output' in docsgen.yml"
        }
    }
}

import DocsgenCore

/// An equatable wrapper so ``DocsgenError`` can carry diagnostics.
extension DocsgenError {
    package static func errorCount(_ diagnostics: [DiagnosticBox]) -> String {
        let count = diagnostics.filter { $0.diagnostic.severity == .error }.count
        return "\(count) error\(count == 1 ? "" : "s") in the input; nothing was written"
    }
}

public struct DiagnosticBox: Sendable, Equatable {
    /// The diagnostic.
    public var diagnostic: Diagnostic

    package init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}
