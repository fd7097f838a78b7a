import DocsgenCore
@testable import DocsgenImage
import Foundation
import Testing

/// The compact analysis (path table, flat columns) against ``ReferenceLayerModel`` on randomized layer stacks
/// over a small name space, so paths collide: whiteouts of files and folders, opaque folders (the root's
/// too), files replacing folders and folders replacing files, hard links, symbolic links, repeated paths
/// within a layer, and `./` and `//` in the stored names. Every layer is written as a real tar and read back.
@Suite("layer analysis against a reference model")
struct LayerModelTests {
    /// SplitMix64: the same stacks on every run and machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// One generated entry: what goes into the tar, and the entry the scanner must read from it.
    struct Generated {
        var item: TestImage.Item
        var expected: LayerEntry
    }

    static let names = ["a", "b", "lib.so"]

    static func randomPath(_ random: inout Generator) -> String {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in names.randomElement(using: &random)! }.joined(separator: "/")
    }

    /// How the path is spelled in the tar: as is, or with `./` in front or a doubled slash.
    static func stored(_ path: String, _ random: inout Generator) -> String {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: "./" + path
        case 1: path.replacingOccurrences(of: "/", with: "//")
        default: path
        }
    }

    static func randomEntry(_ random: inout Generator) -> Generated {
        let path = randomPath(&random)
        let spelled = stored(path, &random)
        switch Int.random(in: 0..<20, using: &random) {
        case 0..<7:
            let size = [0, 5, 5, 17, 100].randomElement(using: &random)!
            return Generated(item: .file(spelled, Data(count: size)), expected: LayerEntry(path: path, kind: .file, size: Int64(size)))
        case 7..<11:
            return Generated(item: .directory(spelled), expected: LayerEntry(path: path, kind: .directory, size: 0))
        case 11..<13:
            return Generated(item: .symlink(spelled, target: "a"), expected: LayerEntry(path: path, kind: .symlink, size: 0))
        case 13:
            return Generated(item: .hardlink(spelled, target: randomPath(&random)), expected: LayerEntry(path: path, kind: .hardlink, size: 0))
        case 14..<18:
            return Generated(item: .whiteout(path), expected: LayerEntry(path: path, kind: .whiteout, size: 0))
        case 18:
            return Generated(item: .directory("."), expected: LayerEntry(path: "", kind: .directory, size: 0))
        default:
            let folder = Bool.random(using: &random) ? String(path.prefix { $0 != "/" }) : Int.random(in: 0..<4, using: &random) == 0 ? "" : path
            return Generated(item: .opaque(folder), expected: LayerEntry(path: folder, kind: .opaque, size: 0))
        }
    }

    static func randomStack(seed: UInt64) -> [[Generated]] {
        var random = Generator(state: seed)
        return (0..<Int.random(in: 1...5, using: &random)).map { _ in
            (0..<Int.random(in: 0...14, using: &random)).map { _ in randomEntry(&random) }
        }
    }

    /// The compact analysis of the stack, each layer written as a tar and scanned into one path table.
    static func compact(_ stack: [[Generated]], topCount: Int) throws -> (entries: [[LayerEntry]], outcome: ReferenceLayerModel.Outcome) {
        let paths = PathTable()
        let layers = try stack.map { layer in
            try LayerScanner.scan(MemorySource(TestImage.tar(layer.map(\.item))), name: "layer.tar", paths: paths).entries
        }
        paths.finishReading()
        let result = LayerAnalyzer.analyze(layers, topCount: topCount)
        let outcome = ReferenceLayerModel.Outcome(
            layers: result.layers.map { [$0.contentSize, Int64($0.entries), Int64($0.whiteouts), Int64($0.opaqueDirectories)] },
            contentSize: result.contentSize, visibleSize: result.visibleSize,
            reclaimableBytes: result.wasted.reclaimableBytes, reclaimableFiles: result.wasted.reclaimableFiles,
            largestFiles: result.largestFiles, topPaths: result.wasted.topPaths, dive: result.wasted.dive)
        return (layers.map { Array($0) }, outcome)
    }

    @Test("400 random stacks: every figure, the largest files and the top paths (truncated and in full) as the model has them",
          arguments: [3, 1000])
    func randomStacks(topCount: Int) throws {
        var hidden = 0
        var inefficient = 0
        for seed in UInt64(0)..<400 {
            let stack = Self.randomStack(seed: seed)
            let expectedEntries = stack.map { $0.map(\.expected) }
            let (entries, outcome) = try Self.compact(stack, topCount: topCount)
            try #require(entries == expectedEntries, "seed \(seed): entries read back from the tars")
            let reference = ReferenceLayerModel.analyze(expectedEntries, topCount: topCount)
            try #require(outcome == reference, "seed \(seed): \(expectedEntries)")
            hidden += reference.reclaimableFiles
            inefficient += reference.dive.inefficientPaths
        }
        // The stacks exercise what they are meant to.
        #expect(hidden > 400)
        #expect(inefficient > 200)
    }

    @Test("random stacks with files of 4 GiB and more (sizes kept beside the 4-byte column), entries given directly")
    func largeSizes() {
        for seed in UInt64(1000)..<1200 {
            let layers = Self.randomStack(seed: seed).map { layer in
                layer.map { generated in
                    var entry = generated.expected
                    if entry.kind == .file, entry.size % 2 == 1 { entry.size = entry.size << 32 | 0xFFFF_FFFF }
                    if entry.kind == .file, entry.size == 100 { entry.size = 1 << 50 }
                    return entry
                }
            }
            let paths = PathTable()
            let entries = layers.map { LayerEntries($0, paths: paths) }
            #expect(entries.map { Array($0) } == layers, "seed \(seed)")
            let result = LayerAnalyzer.analyze(entries, topCount: 4)
            let reference = ReferenceLayerModel.analyze(layers, topCount: 4)
            #expect(result.wasted.reclaimableBytes == reference.reclaimableBytes, "seed \(seed)")
            #expect(result.wasted.dive == reference.dive, "seed \(seed)")
            #expect(result.largestFiles == reference.largestFiles, "seed \(seed)")
            #expect(result.wasted.topPaths == reference.topPaths, "seed \(seed)")
        }
    }

    @Test("a size column holds every size from 0 to 1 PiB, and a large size overwritten by a small one and back")
    func sizeColumn() {
        let sizes: [Int64] = [0, 1, 0xFFFF_FFFE, 0xFFFF_FFFF, 1 << 32, 1 << 40, 1 << 50, 7]
        var column = SizeColumn()
        for size in sizes { column.append(size) }
        #expect(Array(column) == sizes)
        column[3] = 5
        column[1] = 1 << 33
        #expect(Array(column) == [0, 1 << 33, 0xFFFF_FFFE, 5, 1 << 32, 1 << 40, 1 << 50, 7])
        var zeros = SizeColumn(zeros: 3)
        zeros[2] = 1 << 45
        #expect(Array(zeros) == [0, 0, 1 << 45])
    }

    @Test("the model itself on the image of the archive tests: the exact figures those tests check")
    func modelOnKnownImage() {
        let layers: [[LayerEntry]] = [
            [.init(path: "app", kind: .directory, size: 0), .init(path: "app/a.txt", kind: .file, size: 100),
             .init(path: "app/b.bin", kind: .file, size: 1000), .init(path: "etc", kind: .directory, size: 0),
             .init(path: "etc/conf", kind: .file, size: 50), .init(path: "bin", kind: .directory, size: 0),
             .init(path: "bin/busybox", kind: .file, size: 2000), .init(path: "bin/sh", kind: .symlink, size: 0),
             .init(path: "bin/ls", kind: .hardlink, size: 0)],
            [.init(path: "etc/conf", kind: .whiteout, size: 0), .init(path: "app/a.txt", kind: .file, size: 120),
             .init(path: "cache", kind: .directory, size: 0), .init(path: "cache/x", kind: .file, size: 500)],
            [.init(path: "cache", kind: .whiteout, size: 0), .init(path: "app", kind: .opaque, size: 0),
             .init(path: "app/c.txt", kind: .file, size: 10)],
        ]
        let model = ReferenceLayerModel.analyze(layers, topCount: 10)
        #expect(model.reclaimableBytes == 1770)
        #expect(model.reclaimableFiles == 5)
        #expect(model.dive.wastedBytes == 270)
        #expect(model.dive.inefficientPaths == 2)
        #expect(model.dive.efficiency == 4110.0 / 4280.0)
        #expect(model.largestFiles.map(\.path) == ["/bin/busybox", "/app/c.txt"])
        let paths = PathTable()
        let compact = LayerAnalyzer.analyze(layers.map { LayerEntries($0, paths: paths) }, topCount: 10)
        #expect(compact.wasted.topPaths == model.topPaths)
    }
}
