import Foundation

/// Bytes already in memory (small blobs read during the first pass), counted and hashed like the others.
final class MemorySource: ByteSource {
    private let data: Data
    private var delivered = false
    private var storage: UnsafeMutableRawBufferPointer
    let hash = SHA256Stream()

    init(_ data: Data) {
        self.data = data
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        _ = data.copyBytes(to: storage.bindMemory(to: UInt8.self))
    }

    deinit { storage.deallocate() }

    var count: Int64 { Int64(data.count) }
    override var consumed: Int64 { delivered ? count : 0 }

    override func nextChunk() -> (pointer: UnsafeRawPointer?, count: Int) {
        if delivered || data.isEmpty { return (UnsafeRawPointer(storage.baseAddress), 0) }
        delivered = true
        hash.update(storage.baseAddress!, count: data.count)
        return (UnsafeRawPointer(storage.baseAddress), data.count)
    }
}
