import Foundation

/// Reading and atomic writing of files: the only place the pipeline touches the disk.
package enum FileAccess {
    /// Largest input file docsgen reads (Dockerfiles, configuration): 16 MiB.
    package static let maximumInputSize = 16 << 20

    package static func readText(_ url: URL, shownAs name: String) throws(DocsgenError) -> String {
        let data = try readData(url, shownAs: name)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: name, reason: "not UTF-8 text")
        }
        return text
    }

    /// Text with invalid UTF-8 replaced by U+FFFD (as BuildKit reads Dockerfiles); `isLossy` tells whether any was.
    package static func readTextLossy(_ url: URL, shownAs name: String) throws(DocsgenError) -> (text: String, isLossy: Bool) {
        let data = try readData(url, shownAs: name)
        if let text = String(data: data, encoding: .utf8) { return (text, false) }
        return (String(decoding: data, as: UTF8.self), true)
    }

    package static func readData(_ url: URL, shownAs name: String) throws(DocsgenError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .unreadable(path: name, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(path: name, reason: "it is a folder") }
        // Read with a bound, not by the size the file claims: a FIFO or a device (`/dev/zero`) has none, and
        // a file may grow while it is read. A 1 GB input costs one stat and a 16 MiB read, never 1 GB.
        var info = stat()
        guard stat(url.path, &info) == 0 else { throw .unreadable(path: name, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: name, reason: "not a regular file (a device, a pipe or a socket)")
        }
        if Int64(info.st_size) > Int64(maximumInputSize) {
            throw .unreadable(path: name, reason: "\(info.st_size >> 20) MiB, larger than the \(maximumInputSize >> 20) MiB docsgen reads")
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw .unreadable(path: name, reason: String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maximumInputSize + 1) ?? Data()
            if data.count > maximumInputSize {
                throw DocsgenError.unreadable(path: name, reason: "it grew past the \(maximumInputSize >> 20) MiB docsgen reads")
            }
            return data
        } catch let error as DocsgenError {
            throw error
        } catch {
            throw .unreadable(path: name, reason: error.localizedDescription)
        }
    }

    /// Whether `url` is a regular file and no component between `base` and it is a symbolic link.
    package static func isRegularFileWithoutLinks(_ url: URL, below base: URL) -> Bool {
        var components = url.standardizedFileURL.pathComponents.dropFirst(base.standardizedFileURL.pathComponents.count)
        var current = base.standardizedFileURL
        while let next = components.first {
            components = components.dropFirst()
            current.appendPathComponent(next)
            var info = stat()
            guard lstat(current.path, &info) == 0 else { return false }
            let type = info.st_mode & S_IFMT
            if components.isEmpty { return type == S_IFREG }
            guard type == S_IFDIR else { return false }
        }
        return false
    }

    /// Whether `url`, with every symbolic link resolved, is `root` or inside it: files docsgen reads for a
    /// project (pages, completion files, the lines diagnostics show) never come from elsewhere on the machine.
    package static func isInside(_ url: URL, root: URL) -> Bool {
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        return resolved == base || resolved.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    /// The text of a project file for showing a diagnostic's line: `nil` unless it is a regular file inside
    /// `root` (symbolic links resolved), at most ``maximumInputSize`` bytes and UTF-8.
    package static func sourceForDiagnostics(_ path: String, root: URL) -> String? {
        let url = URL(fileURLWithPath: path, relativeTo: root)
        guard isInside(url, root: root) else { return nil }
        return try? readText(url, shownAs: path)
    }

    /// Existing contents, or `nil` when the file does not exist.
    package static func existing(_ url: URL) -> Data? {
        FileManager.default.contents(atPath: url.path)
    }

    /// Writes through a temporary file in the same folder and a rename, so readers never see a half file.
    package static func writeAtomically(_ data: Data, to url: URL) throws(DocsgenError) {
        let temporary = try stage(data, for: url)
        FaultInjection.point("file-staged")
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw .writeFailed(path: url.path, reason: reason)
        }
    }

    /// Writes `data` to a temporary file beside `url` (creating its folder) for a later `rename`.
    package static func stage(_ data: Data, for url: URL) throws(DocsgenError) -> URL {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).docsgen-\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
            return temporary
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
