import Foundation

/// A layer's entries and the size and digest of its uncompressed tar.
struct LayerContent {
    var entries: LayerEntries
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

    /// Reads the layer in `source`, adding its paths to `paths` (the table all layers of an image share).
    static func scan(_ source: ByteSource, name: String, paths: PathTable = PathTable()) throws(ImageReadError) -> LayerContent {
        let head = source.peek()
        let decompressed: ByteSource
        // A plain tar's blob digest is its diff ID: hash it once, not twice.
        let wasUncompressed: Bool
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B {
            decompressed = InflateSource(source, name: name)
            wasUncompressed = false
        } else {
            // zstd, no compression, and whatever else libarchive's filters recognise.
            let handle = ArchiveHandle(mode: .raw, name: name)
            do {
                try handle.open(source)
            } catch {
                throw source.failure ?? error
            }
            guard try handle.next() != nil else { throw .corrupt(path: name, reason: "empty layer stream") }
            // The source keeps the handle it reads from.
            decompressed = EntrySource(handle)
            wasUncompressed = handle.isUncompressed
        }
        if wasUncompressed { source.isHashing = false }
        decompressed.limit = { total in
            guard total > expansionFloor, total / max(source.count, 1) > maximumExpansion else { return nil }
            return .corrupt(
                path: name,
                reason: "the layer expands more than \(maximumExpansion)× (\(total >> 20) MiB from \(source.count >> 10) KiB stored so far): a decompression bomb; refused")
        }
        let tar = ArchiveHandle(mode: .tar, name: name)
        do {
            try tar.open(decompressed)
        } catch {
            // Opening reads the first chunk: a stream that fails at once fails here.
            throw decompressed.failure ?? source.failure ?? error
        }
        var entries = LayerEntries(paths: paths)
        var resolver = EntryPathResolver(paths: paths)
        do throws(ImageReadError) {
            while let header = try tar.nextHeader() {
                if let failure = decompressed.failure { throw failure }
                guard entries.count < maximumEntries else {
                    throw ImageReadError.corrupt(path: name, reason: "more than \(maximumEntries) entries in one layer")
                }
                try tar.withCurrentPath { path throws(ImageReadError) in
                    try add(header, path: path, to: &entries, resolver: &resolver, layer: name)
                }
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

    /// Adds one entry: its path resolved (see ``EntryPathResolver``), its kind, and its size when it is a file.
    /// A size or path no real layer has is refused.
    static func add(
        _ header: ArchiveHandle.Header, path: UnsafeRawBufferPointer, to entries: inout LayerEntries,
        resolver: inout EntryPathResolver, layer name: String
    ) throws(ImageReadError) {
        guard header.size >= 0, header.size <= maximumSize, path.count <= maximumPathBytes else {
            let shown = String(decoding: path, as: UTF8.self).prefix(120)
            throw .corrupt(path: name, reason: "entry \(shown) has an impossible size or path")
        }
        guard let (node, role) = resolver.resolve(path) else {
            throw .corrupt(path: name, reason: "the image names more paths than can be counted (4 billion, or 4 GiB of names)")
        }
        let kind: LayerEntry.Kind = switch (role, header.kind) {
        case (.whiteout, _): .whiteout
        case (.opaque, _): .opaque
        case (.entry, .file): .file
        case (.entry, .directory): .directory
        case (.entry, .symlink): .symlink
        case (.entry, .hardlink): .hardlink
        case (.entry, .other): .other
        }
        entries.append(node: node, kind: kind, size: kind == .file ? header.size : 0)
    }
}
