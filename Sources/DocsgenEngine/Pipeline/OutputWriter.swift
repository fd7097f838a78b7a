import Foundation

/// Writes a generation to the output folder: each file atomically, unchanged files untouched, and files of
/// an earlier build that are no longer generated removed. Nothing not listed in a manifest is ever deleted.
package struct OutputWriter {
    package let outputURL: URL

    package struct Summary {
        package var written: [String] = []
        package var unchanged: [String] = []
        package var removed: [String] = []
    }

    package func write(_ generation: Generation) throws(DocsgenError) -> Summary {
        var summary = Summary()
        let previous = OutputWriter.previousManifest(in: outputURL)
        // Two phases, so a file that cannot be written (a folder in its place, a full disk) leaves every
        // document as it was: first each changed file goes to a temporary beside its target, then all are renamed.
        var staged: [(temporary: URL, target: URL, path: String)] = []
        func discard() { for entry in staged { unlink(entry.temporary.path) } }
        for file in generation.files {
            let url = outputURL.appendingPathComponent(file.path)
            // Never through a link inside the output folder (`Output/html` → a folder elsewhere).
            if let link = Self.linkedFolder(file.path, below: outputURL) {
                discard()
                throw .writeFailed(path: outputURL.appendingPathComponent(link).path,
                                   reason: "it is a symbolic link; docsgen does not write through links inside the output folder (remove it; nothing was written)")
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                discard()
                throw .writeFailed(path: url.path, reason: "a folder is in the way; remove it (nothing was written)")
            }
            if FileAccess.existing(url) == file.contents {
                summary.unchanged.append(file.path)
                continue
            }
            do {
                staged.append((try FileAccess.stage(file.contents, for: url), url, file.path))
            } catch {
                discard()
                throw error
            }
        }
        for (index, entry) in staged.enumerated() {
            guard rename(entry.temporary.path, entry.target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                for rest in staged[index...] { unlink(rest.temporary.path) }
                throw .writeFailed(path: entry.target.path, reason: reason)
            }
            summary.written.append(entry.path)
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

    /// The first folder on the way to `path` (relative to `base`) that is a symbolic link, if any; the file
    /// itself may be a link (it is replaced by the rename, never written through).
    static func linkedFolder(_ path: String, below base: URL) -> String? {
        let parts = path.split(separator: "/").map(String.init).dropLast()
        var relative = ""
        for part in parts {
            relative = relative.isEmpty ? part : relative + "/" + part
            var info = stat()
            if lstat(base.appendingPathComponent(relative).path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return relative }
        }
        return nil
    }

    package static func previousManifest(in outputURL: URL) -> Manifest? {
        guard let data = FileAccess.existing(outputURL.appendingPathComponent(Manifest.fileName)) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }
}
