import Foundation

/// Writes a generation to the output folder: each file atomically, unchanged files untouched, and files of
/// an earlier build that are no longer generated removed. Nothing not listed in a manifest is ever deleted.
struct OutputWriter {
    let outputURL: URL

    struct Summary {
        var written: [String] = []
        var unchanged: [String] = []
        var removed: [String] = []
    }

    func write(_ generation: Generation) throws(DocsgenError) -> Summary {
        var summary = Summary()
        let previous = OutputWriter.previousManifest(in: outputURL)
        for file in generation.files {
            let url = outputURL.appendingPathComponent(file.path)
            if FileAccess.existing(url) == file.contents {
                summary.unchanged.append(file.path)
                continue
            }
            try FileAccess.writeAtomically(file.contents, to: url)
            summary.written.append(file.path)
        }
        let current = Set(generation.files.map(\.path))
        for path in previous?.safeFiles ?? [] where !current.contains(path) {
            let url = outputURL.appendingPathComponent(path)
            // Only regular files, never through a symbolic link: a manifest edited by hand cannot remove folders.
            guard FileAccess.isRegularFileWithoutLinks(url, below: outputURL) else { continue }
            if unlink(url.path) == 0 { summary.removed.append(path) }
        }
        return summary
    }

    static func previousManifest(in outputURL: URL) -> Manifest? {
        guard let data = FileAccess.existing(outputURL.appendingPathComponent(Manifest.fileName)) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }
}
