import Foundation

/// The distinct names (path components) of an image's layers, each stored once: all bytes in one buffer, a
/// name being the range between two offsets. While layers are read an open-addressing index finds a name by
/// its bytes; ``dropIndex()`` frees it once no more names come.
///
/// Names are compared as bytes, as the file system compares them. The index hashes with the standard
/// library's per-process seeded hasher, so a layer crafted to collide cannot make reading quadratic.
struct ComponentTable: Sendable {
    /// The empty name (the root's).
    static let empty: UInt32 = 0

    private var bytes: [UInt8] = []
    /// `ends[id]` is where name `id` ends in `bytes`; it starts where `id - 1` ends (name 0 is empty).
    private var ends: [UInt32] = [0]
    private var index = HashSlots()

    /// Number of names, the empty one included.
    var count: Int { ends.count }

    /// Bytes held by the names and their offsets (not the index).
    var storedBytes: Int { bytes.count + ends.count * MemoryLayout<UInt32>.stride }

    /// The id of `name`, added if new; `nil` when the table would pass 4 GiB of names.
    mutating func intern(_ name: UnsafeRawBufferPointer) -> UInt32? {
        if name.isEmpty { return Self.empty }
        precondition(!index.isDropped, "names are interned only while layers are read")
        let slot: Int
        switch index.probe(Self.hash(name), matches: { equals($0, name) }) {
        case let .found(id): return id
        case let .free(free): slot = free
        }
        guard bytes.count + name.count < Int(UInt32.max), ends.count < Int(UInt32.max) else { return nil }
        let id = UInt32(ends.count)
        bytes.append(contentsOf: name)
        ends.append(UInt32(bytes.count))
        index.insert(id, at: slot)
        if index.isFull(count: ends.count) {
            index = index.grown(ids: 1..<UInt32(ends.count)) { withName($0, Self.hash) }
        }
        return id
    }

    /// Calls `body` with the bytes of name `id`.
    func withName<Result>(_ id: UInt32, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        let end = Int(ends[Int(id)])
        return try bytes.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[start..<end])) }
    }

    /// Frees the index: names can still be read, no longer added.
    mutating func dropIndex() {
        index.drop()
    }

    private func equals(_ id: UInt32, _ name: UnsafeRawBufferPointer) -> Bool {
        withName(id) { stored in
            stored.count == name.count && memcmp(stored.baseAddress!, name.baseAddress!, name.count) == 0
        }
    }

    private static func hash(_ name: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: name)
        return hasher.finalize()
    }
}
