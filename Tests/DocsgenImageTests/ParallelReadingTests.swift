import DocsgenCore
@testable import DocsgenImage
import Foundation
import Testing

/// Layers read on several threads, and gzip decompressed by ISA-L: the measurement is the one a reading of
/// the layers in order, on one thread, gives, byte for byte; broken gzip is a clear error.
@Suite("parallel layer reading and gzip")
struct ParallelReadingTests {
    /// Layers that overlap: the same folders, files replaced and deleted later, names new in every layer, so the
    /// order in which paths are first seen matters to their numbers.
    static let layers: [[TestImage.Item]] = (0..<6).map { layer in
        var items: [TestImage.Item] = [.directory("usr"), .directory("usr/lib"), .directory("layer\(layer)")]
        for file in 0..<40 {
            let shared = (file * 7 + layer) % 25
            items.append(.file("usr/lib/lib\(shared).so", Data(repeating: UInt8(layer), count: 100 + file * 13 + layer)))
            items.append(.file("layer\(layer)/f\(file)", Data(repeating: UInt8(file), count: 10 * (file + layer))))
        }
        if layer > 0 { items.append(.whiteout("layer\(layer - 1)/f3")) }
        if layer == 4 { items.append(.opaque("usr/lib")) }
        return items
    }

    static let createdBy = (0..<6).map { "RUN step \($0) # buildkit" }

    static func encoded(_ measurement: ImageMeasurement) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(measurement)
    }

    static func measure(_ path: String, workers: Int) throws -> ImageMeasurement {
        try ImageArchiveReader(workers: workers).measure(path: path, shownAs: "image", name: "app", release: nil, isBaseline: false)
    }

    @Test("an OCI layout (gzip and zstd layers) and docker archives measure the same on 1, 2 and 4 threads")
    func sameOnEveryThreadCount() throws {
        let folder = ArchiveTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        var sources: [String] = []
        for compression in [TestImage.Compression.gzip, .zstd] {
            let layout = folder.appendingPathComponent("oci-\(compression)")
            try TestImage.ociLayout(image, layers: Self.layers, compression: compression, at: layout, tag: "test/app:1.0")
            sources.append(layout.path)
        }
        for (name, archive) in [("classic.tar", TestImage.dockerArchiveClassic(image, tag: "test/app:1.0")),
                                ("oci.tar", TestImage.dockerArchiveOCI(image, tag: "test/app:1.0"))] {
            try archive.write(to: folder.appendingPathComponent(name))
            sources.append(folder.appendingPathComponent(name).path)
        }
        for source in sources {
            let alone = try Self.measure(source, workers: 1)
            #expect(alone.layers.compactMap(\.diffID) == image.diffIDs, "\(source)")
            for workers in [2, 4] {
                let parallel = try Self.measure(source, workers: workers)
                #expect(try Self.encoded(parallel) == Self.encoded(alone), "\(source) on \(workers) threads")
            }
        }
    }

    @Test("when several layers are broken, the error is the first broken layer's, as when read in order")
    func firstErrorWins() throws {
        let folder = ArchiveTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        try TestImage.ociLayout(image, layers: Self.layers, compression: .gzip, at: folder, tag: "test/app:1.0")
        // Layers 2 and 4 cut short: their blobs keep their names, so the digest check would fail too, later.
        for index in [2, 4] {
            let blob = TestImage.tar(Self.layers[index], compression: .gzip)
            let url = folder.appendingPathComponent(TestImage.blobPath(blob))
            try blob.prefix(blob.count / 2).write(to: url)
        }
        var messages: Set<String> = []
        for workers in [1, 2, 4] {
            for _ in 0..<5 {
                #expect(throws: ImageReadError.self) { try Self.measure(folder.path, workers: workers) }
                do { _ = try Self.measure(folder.path, workers: workers) } catch { messages.insert("\(error)") }
            }
        }
        #expect(messages.count == 1, "\(messages)")
        let blob = TestImage.tar(Self.layers[2], compression: .gzip)
        #expect(messages.first?.contains(String(TestImage.sha256(blob).dropFirst(7))) == true, "\(messages)")
        #expect(messages.first?.contains("truncated") == true, "\(messages)")
    }

    // MARK: - gzip through ISA-L

    static let tar = TestImage.tar(layers[1])

    static func scan(_ blob: Data) throws(ImageReadError) -> LayerContent {
        try LayerScanner.scan(MemorySource(blob), name: "layer.tar.gz")
    }

    @Test("a layer of several gzip members reads as one stream, with the plain tar's diff ID")
    func multipleMembers() throws {
        let parts = stride(from: 0, to: Self.tar.count, by: 3000).map { Self.tar[$0..<min($0 + 3000, Self.tar.count)] }
        let blob = parts.reduce(into: Data()) { $0.append(BombTests.compressed(Data($1), .gzip)) }
        #expect(parts.count > 2)
        let content = try Self.scan(blob)
        #expect(content.diffID == TestImage.sha256(Self.tar))
        #expect(content.uncompressedSize == Int64(Self.tar.count))
        #expect(content.entries.count == (try Self.scan(TestImage.tar(Self.layers[1], compression: .gzip))).entries.count)
        #expect(!content.wasUncompressed)
    }

    @Test("bytes after the last member that start no member end the stream, as libarchive reads them")
    func trailingBytes() throws {
        for trailer in [Data(count: 4096), Data("not gzip".utf8)] {
            let content = try Self.scan(TestImage.tar(Self.layers[1], compression: .gzip) + trailer)
            #expect(content.diffID == TestImage.sha256(Self.tar))
        }
    }

    @Test("a truncated stream, a wrong CRC and broken deflate data are corrupt layers with a reason",
          arguments: ["truncated", "crc", "deflate", "header"])
    func brokenGzip(_ damage: String) throws {
        var blob = TestImage.tar(Self.layers[1], compression: .gzip)
        switch damage {
        case "truncated": blob = blob.prefix(blob.count - 100)
        case "crc": blob[blob.count - 6] ^= 0xFF
        case "deflate": for index in 40..<80 { blob[index] = 0xFF }
        default: blob[2] = 7  // a compression method other than deflate
        }
        let expected = ["truncated": "truncated", "crc": "CRC-32", "deflate": "invalid deflate data", "header": "method"][damage]!
        do {
            _ = try Self.scan(blob)
            Issue.record("a \(damage) gzip layer was read")
        } catch {
            #expect(error.id == "image.corrupt", "\(error)")
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}
