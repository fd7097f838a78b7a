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
    static func scan(_ source: ByteSource, name: String) throws(ImageReadError) -> LayerContent {
        let raw = ArchiveHandle(mode: .raw, name: name)
        try raw.open(source)
        guard try raw.next() != nil else { throw .corrupt(path: name, reason: "empty layer stream") }
        // A plain tar's blob digest is its diff ID: hash it once, not twice.
        let wasUncompressed = raw.isUncompressed
        if wasUncompressed { source.isHashing = false }
        let decompressed = EntrySource(raw)
        let tar = ArchiveHandle(mode: .tar, name: name)
        try tar.open(decompressed)
        var entries: [LayerEntry] = []
        while let entry = try tar.next() {
            if let failure = decompressed.failure { throw failure }
            entries.append(classify(entry))
            try tar.skip()
        }
        if let failure = decompressed.failure { throw failure }
        try decompressed.drain()
        return LayerContent(
            entries: entries, diffID: decompressed.hash.finish(), uncompressedSize: decompressed.count, wasUncompressed: wasUncompressed)
    }

    /// Normalises the path and recognises OCI whiteouts (`.wh.NAME`, `.wh..wh..opq`).
    static func classify(_ entry: ArchiveHandle.Entry) -> LayerEntry {
        var path = Substring(entry.path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        while path.hasPrefix("/") { path = path.dropFirst() }
        while path.hasSuffix("/") { path = path.dropLast() }
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
