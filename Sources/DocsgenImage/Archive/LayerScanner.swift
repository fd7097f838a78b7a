import Foundation

/// One entry of a layer tar, reduced to what the analysis needs.
struct LayerEntry: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case file, directory, symlink, hardlink, other, whiteout, opaque }
    /// Path without a leading `/` or `./`; for whiteouts, the path they delete.
    var path: String
    var kind: Kind
    var size: Int64
}

/// A layer's entries and the size and digest of its uncompressed tar.
struct LayerContent: Sendable {
    var entries: [LayerEntry]
    var diffID: String
    var uncompressedSize: Int64
    /// Whether the stored blob was the plain tar (then its digest is the diff ID).
    var wasUncompressed: Bool
}

/// Reads one layer blob (plain, gzip or zstd tar) as a stream: raw decompression, hashing of the
/// uncompressed bytes, then tar entries. Memory stays flat whatever the layer's size.
enum LayerScanner {
    /// Most entries one layer may hold (real layers hold tens of thousands).
    static let maximumEntries = 2_000_000
    /// Largest file size accepted (1 PiB): larger is a corrupt or hostile header, and sums must not overflow.
    static let maximumSize: Int64 = 1 << 50
    /// Longest path and deepest nesting accepted (Linux's PATH_MAX).
    static let maximumPathBytes = 4096
    /// Most a layer may expand over its stored size once it is past ``expansionFloor``: deflate cannot
    /// compress better than about 1032:1, real layers stay under 20:1, so past 500:1 it is a decompression
    /// bomb (zstd's ratio has no such ceiling) and reading it would take minutes of CPU for nothing.
    static let maximumExpansion: Int64 = 500
    /// Uncompressed bytes a layer may always have, whatever its ratio (sparse files, zero-filled images).
    static let expansionFloor: Int64 = 1 << 30

    static func scan(_ source: ByteSource, name: String) throws(ImageReadError) -> LayerContent {
        let raw = ArchiveHandle(mode: .raw, name: name)
        do {
            try raw.open(source)
        } catch {
            throw source.failure ?? error
        }
        guard try raw.next() != nil else { throw .corrupt(path: name, reason: "empty layer stream") }
        // A plain tar's blob digest is its diff ID: hash it once, not twice.
        let wasUncompressed = raw.isUncompressed
        if wasUncompressed { source.isHashing = false }
        let decompressed = EntrySource(raw)
        decompressed.limit = { total in
            guard total > expansionFloor, total / max(source.consumed, 1) > maximumExpansion else { return nil }
            return .corrupt(
                path: name,
                reason: "the layer expands more than \(maximumExpansion)× (\(total >> 20) MiB from \(source.consumed >> 10) KiB stored so far): a decompression bomb; refused")
        }
        let tar = ArchiveHandle(mode: .tar, name: name)
        try tar.open(decompressed)
        var entries: [LayerEntry] = []
        do throws(ImageReadError) {
            while let entry = try tar.next() {
                if let failure = decompressed.failure { throw failure }
                guard entries.count < maximumEntries else {
                    throw ImageReadError.corrupt(path: name, reason: "more than \(maximumEntries) entries in one layer")
                }
                guard let classified = classify(entry) else {
                    throw ImageReadError.corrupt(path: name, reason: "entry \(String(entry.path.prefix(120))) has an impossible size or path")
                }
                entries.append(classified)
                try tar.skip()
            }
        } catch {
            // A stream the source stopped (a bomb, a read error) reads as "truncated" to libarchive: say why.
            throw decompressed.failure ?? error
        }
        if let failure = decompressed.failure { throw failure }
        try decompressed.drain()
        return LayerContent(
            entries: entries, diffID: decompressed.hash.finish(), uncompressedSize: decompressed.count, wasUncompressed: wasUncompressed)
    }

    /// Normalises the path (`./`, `//`, `.` and `..` resolved inside the root) and recognises OCI whiteouts
    /// (`.wh.NAME`, `.wh..wh..opq`); `nil` for a size or path no real layer has.
    static func classify(_ entry: ArchiveHandle.Entry) -> LayerEntry? {
        guard entry.size >= 0, entry.size <= maximumSize, entry.path.utf8.count <= maximumPathBytes else { return nil }
        var parts: [Substring] = []
        for part in entry.path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        let path = Substring(joined)
        let slash = path.lastIndex(of: "/")
        let base = slash.map { path[path.index(after: $0)...] } ?? path
        let folder = slash.map { String(path[..<$0]) } ?? ""
        if base == ".wh..wh..opq" {
            return LayerEntry(path: folder, kind: .opaque, size: 0)
        }
        if base.hasPrefix(".wh.") {
            let target = String(base.dropFirst(4))
            return LayerEntry(path: folder.isEmpty ? target : folder + "/" + target, kind: .whiteout, size: 0)
        }
        let kind: LayerEntry.Kind = switch entry.kind {
        case .file: .file
        case .directory: .directory
        case .symlink: .symlink
        case .hardlink: .hardlink
        case .other: .other
        }
        return LayerEntry(path: String(path), kind: kind, size: kind == .file ? entry.size : 0)
    }
}
