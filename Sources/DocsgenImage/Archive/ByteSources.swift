internal import CArchive
import Foundation

/// Bytes pulled by libarchive's read callback (or by ``InflateSource``), counted and hashed as they pass; each
/// chunk stays valid until the next call. Subclasses say where the bytes come from (``produce()``).
class ByteSource {
    /// Whether the bytes are hashed as they pass (off when the digest is not needed or equals the diff ID).
    var isHashing = true
    let hash = SHA256Stream()
    /// Bytes delivered so far.
    private(set) var count: Int64 = 0
    /// The error that stopped the source, if any (reported instead of libarchive's "unknown error").
    private(set) var failure: ImageReadError?
    /// Called with the size of every chunk delivered (progress).
    var onBytes: ((Int) -> Void)?
    /// Checked after every chunk with the bytes so far; an error stops the stream (a decompression bomb).
    var limit: ((Int64) -> ImageReadError?)?
    /// The first chunk, read by ``peek()`` and delivered again by the next ``nextChunk()``.
    private var replay: UnsafeRawBufferPointer?

    /// The next bytes, valid until the next call; empty at the end.
    func produce() throws(ImageReadError) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// The next chunk for libarchive's read callback: its bytes, 0 at the end, -1 after an error (``failure``).
    final func nextChunk() -> (pointer: UnsafeRawPointer?, count: Int) {
        if let chunk = replay {
            replay = nil
            return (chunk.baseAddress, chunk.count)
        }
        guard failure == nil else { return (nil, -1) }
        do {
            let bytes = try produce()
            if let base = bytes.baseAddress, bytes.count > 0 {
                if isHashing { hash.update(base, count: bytes.count) }
                count += Int64(bytes.count)
                onBytes?(bytes.count)
                if let limit, let error = limit(count) {
                    failure = error
                    return (nil, -1)
                }
            }
            return (bytes.baseAddress, bytes.count)
        } catch {
            failure = error
            return (nil, -1)
        }
    }

    /// The first chunk without consuming it: the next ``nextChunk()`` delivers it again (counted once).
    final func peek() -> UnsafeRawBufferPointer {
        let chunk = nextChunk()
        let bytes = UnsafeRawBufferPointer(start: chunk.pointer, count: max(chunk.count, 0))
        if chunk.count >= 0 { replay = bytes }
        return bytes
    }

    /// Reads what the consumer left unread, so the count and hash cover the whole stream.
    final func drain() throws(ImageReadError) {
        while true {
            let chunk = nextChunk()
            if let failure { throw failure }
            if chunk.count <= 0 { return }
        }
    }
}

/// The bytes of the current entry of an archive (a layer blob inside an image tar, or the decompressed stream
/// of a raw-mode reader), passed on in libarchive's own buffers: nothing is copied.
final class EntrySource: ByteSource {
    private let archive: ArchiveHandle
    /// Where in the entry the next byte is.
    private var position: Int64 = 0
    /// A block that starts past ``position`` (a sparse entry): the hole before it reads as zeros first.
    private var pending: (bytes: UnsafeRawBufferPointer, offset: Int64)?
    /// Zeros for holes, allocated at the first.
    private var zeros: UnsafeMutableRawBufferPointer?

    init(_ archive: ArchiveHandle) {
        self.archive = archive
    }

    deinit {
        zeros?.deallocate()
    }

    override func produce() throws(ImageReadError) -> UnsafeRawBufferPointer {
        let block: (bytes: UnsafeRawBufferPointer, offset: Int64)
        if let waiting = pending {
            block = waiting
        } else {
            guard let next = try archive.readBlock() else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            block = next
        }
        if block.offset > position {
            pending = block
            let zeros = self.zeros ?? {
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
                buffer.initializeMemory(as: UInt8.self, repeating: 0)
                return buffer
            }()
            self.zeros = zeros
            let hole = Int(min(block.offset - position, Int64(zeros.count)))
            position += Int64(hole)
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(zeros)[..<hole])
        }
        pending = nil
        position = block.offset + Int64(block.bytes.count)
        return block.bytes
    }
}

/// The bytes of a file, read in 1 MiB chunks.
final class FileSource: ByteSource {
    private let descriptor: Int32
    private let path: String
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

    init(path: String) throws(ImageReadError) {
        self.path = path
        descriptor = Foundation.open(path, O_RDONLY)
        // A throw here still runs deinit (every property is set), which frees the buffer.
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        buffer.deallocate()
    }

    override func produce() throws(ImageReadError) -> UnsafeRawBufferPointer {
        let read = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
        guard read >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<read])
    }
}

/// Bytes already in memory (small blobs read during the first pass), delivered in one chunk.
final class MemorySource: ByteSource {
    private let data: Data
    private var delivered = false
    private var storage: UnsafeMutableRawBufferPointer

    init(_ data: Data) {
        self.data = data
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        _ = data.copyBytes(to: storage.bindMemory(to: UInt8.self))
    }

    deinit { storage.deallocate() }

    override func produce() throws(ImageReadError) -> UnsafeRawBufferPointer {
        guard !delivered else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        delivered = true
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[..<data.count])
    }
}

/// A gzip stream decompressed with Intel ISA-L's igzip (about twice zlib's speed; `make bench-gzip`), in
/// 1 MiB chunks, every member of a multi-member file in turn; bytes after the last member that start no new
/// member end the stream, as libarchive's and gzip's readers treat them. Each member's CRC-32 and length are
/// checked.
final class InflateSource: ByteSource {
    private let upstream: ByteSource
    private let name: String
    private let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    private var inputEnded = false
    private var finished = false

    /// Decompresses the gzip stream `upstream` delivers (`name` for messages).
    init(_ upstream: ByteSource, name: String) {
        self.upstream = upstream
        self.name = name
        isal_inflate_init(state)
        state.pointee.crc_flag = docsgen_isal_gzip()
    }

    deinit {
        state.deallocate()
        buffer.deallocate()
    }

    override func produce() throws(ImageReadError) -> UnsafeRawBufferPointer {
        while !finished {
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                try startNextMember()
                continue
            }
            if state.pointee.avail_in == 0, !inputEnded { try refill() }
            let before = state.pointee.avail_in
            state.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            state.pointee.avail_out = UInt32(buffer.count)
            let status = isal_inflate(state)
            guard status == ISAL_DECOMP_OK else { throw corrupt(status) }
            let produced = buffer.count - Int(state.pointee.avail_out)
            if produced > 0 { return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<produced]) }
            if state.pointee.block_state == ISAL_BLOCK_FINISH { continue }
            if inputEnded, state.pointee.avail_in == 0 {
                throw .corrupt(path: name, reason: "the gzip stream is truncated (it ends inside a member)")
            }
            if state.pointee.avail_in == before, before > 0 {
                throw .corrupt(path: name, reason: "invalid gzip data: the decompressor stopped making progress")
            }
        }
        return UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// After a member's end: the next member when the input goes on with a gzip header, else the end.
    private func startNextMember() throws(ImageReadError) {
        if state.pointee.avail_in == 0, !inputEnded { try refill() }
        guard state.pointee.avail_in > 0, state.pointee.next_in.pointee == 0x1F else {
            finished = true
            return
        }
        let (next, left) = (state.pointee.next_in, state.pointee.avail_in)
        isal_inflate_reset(state)
        state.pointee.crc_flag = docsgen_isal_gzip()
        state.pointee.next_in = next
        state.pointee.avail_in = left
    }

    private func refill() throws(ImageReadError) {
        let chunk = upstream.nextChunk()
        guard chunk.count >= 0 else {
            throw upstream.failure ?? .corrupt(path: name, reason: "the layer blob cannot be read")
        }
        if chunk.count == 0 { inputEnded = true }
        // ISA-L counts input in 32 bits; chunks are at most a few MiB except for a blob held in memory.
        precondition(chunk.count <= Int(UInt32.max), "a chunk of 4 GiB or more")
        state.pointee.next_in = UnsafeMutablePointer(mutating: chunk.pointer?.assumingMemoryBound(to: UInt8.self))
        state.pointee.avail_in = UInt32(chunk.count)
    }

    private func corrupt(_ status: Int32) -> ImageReadError {
        let what = switch status {
        case ISAL_INVALID_WRAPPER: "an invalid gzip header"
        case ISAL_UNSUPPORTED_METHOD: "a compression method other than deflate"
        case ISAL_INCORRECT_CHECKSUM: "a CRC-32 or length that does not match the data"
        case ISAL_INVALID_BLOCK, ISAL_INVALID_SYMBOL, ISAL_INVALID_LOOKBACK: "invalid deflate data"
        default: "a decompression error (\(status))"
        }
        return .corrupt(path: name, reason: "the gzip stream has \(what)")
    }
}
