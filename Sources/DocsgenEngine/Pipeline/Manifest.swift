import DocsgenCore

/// What a build wrote: the files docsgen may later replace or delete, and the facts each document
/// cites (so `docsgen check` can name the facts that changed).
package struct Manifest: Codable, Sendable, Hashable {
    package static let fileName = "docsgen-manifest.json"

    package var schemaVersion = 1
    package var generator = "docsgen"
    /// Generated files, relative to the output folder, sorted.
    package var files: [String]
    /// Cited facts per document name.
    package var documents: [String: [Citation]]

    /// Only relative paths without `..` are trusted: a manifest edited by hand must not make docsgen delete
    /// files outside the output folder.
    package var safeFiles: [String] {
        files.filter { path in
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            return !path.hasPrefix("/") && !parts.isEmpty && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
        }
    }
}
