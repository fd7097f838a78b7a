import Foundation

/// Writes a generation to the output folder so that, whenever the process stops (even by SIGKILL), the folder
/// holds either the previous set of documents or the new one, never a mix and never a partial file.
///
/// The new set is assembled in a staging folder beside the output folder (`.NAME.docsgen-staging`): unchanged
/// files and files docsgen does not own are hard links to the current ones, changed files are written anew;
/// then one `renameat2(RENAME_EXCHANGE)` swaps the two folders and the previous set is deleted. Where the
/// file system cannot exchange folders or link files, each file is written to a temporary and all are renamed
/// (atomic per file). Unchanged files are never touched; files of an earlier build that are no longer
/// generated are removed; nothing not listed in a manifest is ever deleted.
package struct OutputWriter {
    package let outputURL: URL

    package struct Summary {
        package var written: [String] = []
        package var unchanged: [String] = []
        package var removed: [String] = []
    }

    package func write(_ generation: Generation) throws(DocsgenError) -> Summary {
        var summary = Summary()
        // An output folder that is itself a link is written where it points (the link stays).
        let output = outputURL.resolvingSymlinksInPath()
        let previous = OutputWriter.previousManifest(in: output)
        // A staging folder left by a run that was killed holds either nothing yet in use or the previous set.
        let staging = Self.stagingURL(of: output)
        if FileManager.default.fileExists(atPath: staging.path) { try? FileManager.default.removeItem(at: staging) }
        var changed: [GeneratedFile] = []
        for file in generation.files {
            let url = output.appendingPathComponent(file.path)
            // Never through a link inside the output folder (`Output/html` → a folder elsewhere).
            if let link = Self.linkedFolder(file.path, below: output) {
                throw .writeFailed(path: output.appendingPathComponent(link).path,
                                   reason: "it is a symbolic link; docsgen does not write through links inside the output folder (remove it; nothing was written)")
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                throw .writeFailed(path: url.path, reason: "a folder is in the way; remove it (nothing was written)")
            }
            if FileAccess.existing(url) == file.contents {
                summary.unchanged.append(file.path)
            } else {
                changed.append(file)
            }
        }
        let current = Set(generation.files.map(\.path))
        // Only regular files, never through a symbolic link: a manifest edited by hand cannot remove folders.
        let removals = (previous?.safeFiles ?? []).filter {
            !current.contains($0) && FileAccess.isRegularFileWithoutLinks(output.appendingPathComponent($0), below: output)
        }
        guard !changed.isEmpty || !removals.isEmpty else { return summary }
        summary.written = changed.map(\.path)
        summary.removed = removals
        if try Self.swapFolder(output, changed: changed, removals: Set(removals)) { return summary }
        try Self.writeFileByFile(output, changed: changed, removals: removals)
        return summary
    }

    /// The staging folder of `output`: its name is docsgen's, so a leftover of a killed run is deleted.
    static func stagingURL(of output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).docsgen-staging")
    }

    /// Assembles the new set beside `output` and swaps it in with one exchange; `false` (nothing changed)
    /// when the file system cannot link or exchange, so the caller writes file by file.
    static func swapFolder(_ output: URL, changed: [GeneratedFile], removals: Set<String>) throws(DocsgenError) -> Bool {
        let manager = FileManager.default
        let staging = stagingURL(of: output)
        var info = stat()
        let exists = lstat(output.path, &info) == 0
        guard !exists || (info.st_mode & S_IFMT == S_IFDIR && FolderExchange.isAvailable) else { return false }
        do {
            try manager.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: output.path, reason: error.localizedDescription)
        }
        guard mkdir(staging.path, exists ? info.st_mode & 0o7777 : 0o755) == 0 else { return false }
        let skipped = removals.union(changed.map(\.path))
        guard !exists || linkTree(from: output, to: staging, relative: "", skipping: skipped) else {
            try? manager.removeItem(at: staging)
            return false
        }
        for file in changed {
            let url = staging.appendingPathComponent(file.path)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url)
            } catch {
                try? manager.removeItem(at: staging)
                throw .writeFailed(path: output.appendingPathComponent(file.path).path, reason: error.localizedDescription)
            }
        }
        FaultInjection.point("output-staged")
        if exists {
            guard FolderExchange.exchange(staging, output) else {
                try? manager.removeItem(at: staging)
                return false
            }
            FaultInjection.point("output-exchanged")
            // The staging name now holds the previous set: hard links and replaced files only.
            try? manager.removeItem(at: staging)
        } else if rename(staging.path, output.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: staging)
            throw .writeFailed(path: output.path, reason: reason)
        }
        return true
    }

    /// Recreates `source`'s folders in `target` and hard-links every other entry (files, links) except
    /// `skipping`; `false` when an entry cannot be linked (another file system, a protected link).
    static func linkTree(from source: URL, to target: URL, relative: String, skipping: Set<String>) -> Bool {
        let folder = relative.isEmpty ? source : source.appendingPathComponent(relative)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return false }
        for name in names.sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            let from = source.appendingPathComponent(path), to = target.appendingPathComponent(path)
            var info = stat()
            guard lstat(from.path, &info) == 0 else { return false }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard mkdir(to.path, info.st_mode & 0o7777) == 0, linkTree(from: source, to: target, relative: path, skipping: skipping) else {
                    return false
                }
            } else if !skipping.contains(path) {
                guard linkat(AT_FDCWD, from.path, AT_FDCWD, to.path, 0) == 0 else { return false }
            }
        }
        return true
    }

    /// Each changed file to a temporary beside it, then all renamed (atomic per file, not as a set).
    static func writeFileByFile(_ output: URL, changed: [GeneratedFile], removals: [String]) throws(DocsgenError) {
        var staged: [(temporary: URL, target: URL)] = []
        for file in changed {
            let url = output.appendingPathComponent(file.path)
            do {
                staged.append((try FileAccess.stage(file.contents, for: url), url))
            } catch {
                for entry in staged { unlink(entry.temporary.path) }
                throw error
            }
        }
        for (index, entry) in staged.enumerated() {
            guard rename(entry.temporary.path, entry.target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                for rest in staged[index...] { unlink(rest.temporary.path) }
                throw .writeFailed(path: entry.target.path, reason: reason)
            }
        }
        for path in removals { unlink(output.appendingPathComponent(path).path) }
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
