import CArchive
import DocsgenCore
@testable import DocsgenImage
import Foundation
import Testing

/// Layers built to exhaust a reader: compression bombs are refused with a reason once they expand past the
/// bound, and a layer of a million files is read in full.
@Suite("image bombs and limits", .serialized)
struct BombTests {
    /// `data` compressed by libarchive (gzip or zstd) as one raw stream: a member that can be concatenated.
    static func compressed(_ data: Data, _ compression: TestImage.Compression) -> Data {
        TestImage.written(
            format: { archive_write_set_format_raw($0) }, compression: compression,
            level: compression == .gzip ? "9" : "19", capacity: 8 << 20
        ) { writer in
            let entry = archive_entry_new()!
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, "data")
            archive_entry_set_filetype(entry, docsgen_ae_ifreg())
            archive_write_header(writer, entry)
            data.withUnsafeBytes { _ = archive_write_data(writer, $0.baseAddress, $0.count) }
        }
    }

    /// A ustar header for one regular file of `size` bytes.
    static func tarHeader(name: String, size: Int64) -> Data {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) { for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte } }
        put(name, at: 0)
        put("0000644", at: 100)
        put("0000000", at: 108)
        put("0000000", at: 116)
        put(String(size, radix: 8).leftPadded(to: 11), at: 124)
        put("14544120000", at: 136)
        put("0", at: 156)
        put("ustar", at: 257)
        put("00", at: 263)
        put("        ", at: 148)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(String(sum, radix: 8).leftPadded(to: 6), at: 148)
        header[154] = 0
        header[155] = 0x20
        return Data(header)
    }

    /// A layer whose tar holds one `gigabytes` GiB file of zeros, as concatenated members of 64 MiB of zeros:
    /// a few MB stored, gigabytes when read.
    static func bomb(_ compression: TestImage.Compression, gigabytes: Int64) -> Data {
        let chunk = 64 << 20
        let zeros = compressed(Data(count: chunk), compression)
        var blob = compressed(tarHeader(name: "zeros", size: gigabytes << 30), compression)
        for _ in 0..<Int((gigabytes << 30) / Int64(chunk)) { blob.append(zeros) }
        blob.append(compressed(Data(count: 1024), compression))
        return blob
    }

    @Test("a gzip and a zstd bomb layer (8 GiB of zeros from a few MB) are refused once past 1 GiB at more than 500:1",
          arguments: [TestImage.Compression.gzip, .zstd])
    func compressionBomb(_ compression: TestImage.Compression) throws {
        let blob = Self.bomb(compression, gigabytes: 8)
        #expect(blob.count < 16 << 20)
        do {
            _ = try LayerScanner.scan(MemorySource(blob), name: "bomb.tar")
            Issue.record("the bomb was read to its end")
        } catch {
            let message = "\(error)"
            #expect(message.contains("a decompression bomb; refused"), "\(message)")
        }
    }

    @Test("a layer that expands a lot but stays under 1 GiB is read in full (sparse and zero-filled files are real)")
    func highRatioUnderFloor() throws {
        var items: [TestImage.Item] = [.file("zeros", Data(count: 256 << 20))]
        items.append(.file("app", Data("x".utf8)))
        let layer = TestImage.tar(items, compression: .zstd)
        let content = try LayerScanner.scan(MemorySource(layer), name: "sparse.tar")
        #expect(content.entries.count == 2)
        #expect(content.uncompressedSize > 256 << 20)
    }

    @Test("a layer of a million files is read in full, each entry counted")
    func millionEntries() throws {
        let items = (0..<1_000_000).map { TestImage.Item.file("d\($0 % 997)/f" + String($0).leftPadded(to: 7), Data()) }
        let layer = TestImage.tar(items, compression: .gzip)
        let content = try LayerScanner.scan(MemorySource(layer), name: "million.tar")
        #expect(content.entries.count == 1_000_000)
        #expect(content.entries.last?.path == "d\(999_999 % 997)/f0999999")
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
