internal import CArchive
import Foundation

/// A libarchive reader. The class owns the C handle and frees it in `deinit`; no pointer escapes it.
final class ArchiveHandle {
    /// What the handle reads: tar entries (with any compression), or one decompressed byte stream.
    enum Mode {
        case tar
        case raw
    }

    /// An entry header.
    struct Entry {
        enum Kind { case file, directory, symlink, hardlink, other }
        var path: String
        var size: Int64
        var kind: Kind
    }

    private let handle: OpaquePointer
    private var source: ByteSource?
    /// The header `next` or `nextHeader` read last; libarchive keeps it valid until the next read.
    private var current: OpaquePointer?
    let name: String

    init(mode: Mode, name: String) {
        handle = archive_read_new()
        self.name = name
        archive_read_support_filter_all(handle)
        switch mode {
        case .tar: archive_read_support_format_tar(handle)
        case .raw: archive_read_support_format_raw(handle)
        }
    }

    deinit {
        archive_read_free(handle)
    }

    var errorText: String {
        archive_error_string(handle).map { String(cString: $0) } ?? "unknown error"
    }

    func fail(_ what: String) -> ImageReadError {
        .corrupt(path: name, reason: "\(what): \(errorText)")
    }

    /// Opens a file (seekable, so skipping entries does not read them).
    func open(path: String) throws(ImageReadError) {
        guard archive_read_open_filename(handle, path, 1 << 16) == docsgen_archive_ok() else {
            throw .notAnImage(path: name, reason: errorText)
        }
    }

    /// Opens a stream of bytes pulled from `source`.
    func open(_ source: ByteSource) throws(ImageReadError) {
        self.source = source
        let context = Unmanaged.passUnretained(source).toOpaque()
        let status = archive_read_open(handle, context, nil, { _, context, buffer in
            guard let context, let buffer else { return -1 }
            let source = Unmanaged<ByteSource>.fromOpaque(context).takeUnretainedValue()
            let chunk = source.nextChunk()
            buffer.pointee = chunk.pointer
            return chunk.count
        }, nil)
        guard status == docsgen_archive_ok() else { throw fail("cannot open stream") }
    }

    /// An entry header without its path (``withCurrentPath(_:)`` reads that without building a String).
    struct Header {
        var size: Int64
        var kind: Entry.Kind
    }

    /// The next entry, or `nil` at the end.
    func next() throws(ImageReadError) -> Entry? {
        guard let header = try nextHeader() else { return nil }
        let path = current.flatMap(archive_entry_pathname).map { String(cString: $0) } ?? ""
        return Entry(path: path, size: header.size, kind: header.kind)
    }

    /// The next entry's header, or `nil` at the end.
    func nextHeader() throws(ImageReadError) -> Header? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(handle, &entry)
        current = nil
        if status == docsgen_archive_eof() { return nil }
        guard status == docsgen_archive_ok() || status == docsgen_archive_warn(), let entry else {
            throw fail("cannot read the next entry")
        }
        current = entry
        let size = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : 0
        let type = UInt32(archive_entry_filetype(entry))
        var kind: Entry.Kind
        if archive_entry_hardlink(entry) != nil {
            kind = .hardlink
        } else if type == docsgen_ae_ifreg() {
            kind = .file
        } else if type == docsgen_ae_ifdir() {
            kind = .directory
        } else if type == docsgen_ae_iflnk() {
            kind = .symlink
        } else {
            kind = .other
        }
        return Header(size: size, kind: kind)
    }

    /// Calls `body` with the bytes of the current entry's path as stored (no terminating NUL; empty when the
    /// entry has none). The bytes are valid only during the call.
    func withCurrentPath<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard let current, let path = archive_entry_pathname(current) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeRawBufferPointer(start: path, count: strlen(path)))
    }

    /// Whether the stream had no compression filter (raw mode: the bytes read are the bytes stored).
    var isUncompressed: Bool {
        archive_filter_code(handle, 0) == ARCHIVE_FILTER_NONE
    }

    /// Reads up to `buffer.count` bytes of the current entry; 0 at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int {
        let count = archive_read_data(handle, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw fail("cannot read data") }
        return count
    }

    /// The next block of the current entry's data in libarchive's own buffer (no copy; valid until the next
    /// read) with the offset in the entry where it starts, which passes the bytes before it when the entry is
    /// sparse; `nil` at the entry's end.
    func readBlock() throws(ImageReadError) -> (bytes: UnsafeRawBufferPointer, offset: Int64)? {
        var pointer: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        let status = archive_read_data_block(handle, &pointer, &size, &offset)
        if status == docsgen_archive_eof() { return nil }
        guard status == docsgen_archive_ok() || status == docsgen_archive_warn() else { throw fail("cannot read data") }
        return (UnsafeRawBufferPointer(start: pointer, count: size), Int64(offset))
    }

    /// Skips the current entry's data.
    func skip() throws(ImageReadError) {
        guard archive_read_data_skip(handle) == docsgen_archive_ok() else { throw fail("cannot skip data") }
    }

    /// Reads the whole current entry into memory, refusing more than `limit` bytes.
    func readAll(limit: Int) throws(ImageReadError) -> Data {
        var data = Data()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try read(into: buffer)
            if count == 0 { return data }
            data.append(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
            if data.count > limit { throw .tooLarge(path: name, limit: limit) }
        }
    }
}

/// SHA-256 over a stream (OpenSSL's EVP interface).
final class SHA256Stream {
    private let context: OpaquePointer

    init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    func update(_ pointer: UnsafeRawPointer, count: Int) {
        EVP_DigestUpdate(context, pointer, count)
    }

    /// `sha256:<hex>`; call once.
    func finish() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }
}
