import DocsgenCore
@testable import DocsgenImage
import Foundation
import Testing

/// Every figure of a small image built here, checked exactly in every storage format.
@Suite("image archives")
struct ArchiveTests {
    static func bytes(_ count: Int, _ seed: UInt8) -> Data {
        Data((0..<count).map { UInt8(($0 &* 31 &+ Int(seed)) & 0xFF) })
    }

    /// Three layers: a base with a symlink and a hard link, an overwrite plus a file deletion plus a new folder,
    /// and an opaque folder plus a folder deletion.
    static let layers: [[TestImage.Item]] = [
        [.directory("app"), .file("app/a.txt", bytes(100, 1)), .file("app/b.bin", bytes(1000, 2)), .directory("etc"),
         .file("etc/conf", bytes(50, 3)), .directory("bin"), .file("bin/busybox", bytes(2000, 4)),
         .symlink("bin/sh", target: "busybox"), .hardlink("bin/ls", target: "bin/busybox")],
        [.whiteout("etc/conf"), .file("app/a.txt", bytes(120, 5)), .directory("cache"), .file("cache/x", bytes(500, 6))],
        [.whiteout("cache"), .opaque("app"), .file("app/c.txt", bytes(10, 7))],
    ]
    static let createdBy = ["/bin/sh -c #(nop) ADD file:base in /", "RUN /bin/sh -c echo 1 # buildkit", "COPY . /app # buildkit"]

    public static func scratch() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-image-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func check(_ m: ImageMeasurement, format: String, compressed: Bool) {
        let image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        #expect(m.sources.first?.format == format)
        #expect(m.tag == "test/app:1.0")
        #expect(m.imageID == TestImage.sha256(image.config))
        #expect(m.layers.count == 4, "three layers and one empty history entry")
        #expect(m.layers.map(\.isEmpty) == [false, true, false, false])
        let real = m.layers.filter { !$0.isEmpty }
        #expect(real.map(\.diffID) == image.diffIDs)
        #expect(real.map(\.uncompressedSize) == image.layers.map { Int64($0.count) })
        #expect(real.map(\.contentSize) == [3150, 620, 10])
        #expect(real.map(\.whiteouts) == [0, 1, 1])
        #expect(real.map(\.opaqueDirectories) == [0, 0, 1])
        #expect(real.map(\.entries) == [9, 4, 3])
        #expect(m.sizes.uncompressed == image.layers.reduce(0) { $0 + Int64($1.count) })
        #expect(m.sizes.content == 3780)
        #expect((m.sizes.compressed != nil) == compressed)
        let wasted = m.wasted
        #expect(wasted?.reclaimableBytes == 1770)
        #expect(wasted?.reclaimableFiles == 5)
        #expect(wasted?.dive.wastedBytes == 270)
        #expect(wasted?.dive.inefficientPaths == 2)
        #expect(wasted?.dive.userSizeBytes == 630)
        #expect(wasted?.dive.efficiency == 4110.0 / 4280.0)
        #expect(wasted?.dive.userWastedRatio == 270.0 / 630.0)
        #expect(wasted?.topPaths.first == PathWaste(path: "/app/b.bin", copies: 1, bytes: 1000), "one copy ever existed; the opaque folder hid it")
        #expect(wasted?.topPaths.first { $0.path == "/app/a.txt" }?.copies == 2, "a.txt: one copy overwritten, one hidden by the opaque folder")
        #expect(m.largestFiles.map(\.path) == ["/bin/busybox", "/app/c.txt"])
        #expect(m.config?.user == "app")
        #expect(m.config?.exposedPorts == ["8000/tcp"])
        #expect(m.config?.environment == ["PATH", "SECRET_KEY"])
        #expect(m.config?.healthcheckInterval == 30)
    }

    @Test("classic docker save archive")
    func classic() throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        let path = folder.appendingPathComponent("app.tar")
        try TestImage.dockerArchiveClassic(image, tag: "test/app:1.0").write(to: path)
        let m = try ImageArchiveReader().measure(path: path.path, shownAs: "app.tar", name: "app", release: nil, isBaseline: false)
        check(m, format: "docker-archive", compressed: false)
    }

    @Test("Docker 25+ archive (OCI blobs in the tar)")
    func docker25() throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        let path = folder.appendingPathComponent("app.tar")
        try TestImage.dockerArchiveOCI(image, tag: "test/app:1.0").write(to: path)
        let m = try ImageArchiveReader().measure(path: path.path, shownAs: "app.tar", name: "app", release: nil, isBaseline: false)
        check(m, format: "docker-archive-oci", compressed: true)
        #expect(m.sizes.compressed == m.sizes.uncompressed, "Docker 25 stores layer blobs uncompressed")
    }

    @Test("OCI layout folder", arguments: [TestImage.Compression.gzip, .zstd])
    func ociLayout(_ compression: TestImage.Compression) throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        try TestImage.ociLayout(image, layers: Self.layers, compression: compression, at: folder, tag: "test/app:1.0")
        let m = try ImageArchiveReader().measure(path: folder.path, shownAs: "app-oci", name: "app", release: nil, isBaseline: false)
        check(m, format: "oci-layout", compressed: true)
        let blobs = Self.layers.map { TestImage.tar($0, compression: compression) }
        #expect(m.sizes.compressed == blobs.reduce(0) { $0 + Int64($1.count) })
        #expect(m.layers.filter { !$0.isEmpty }.map(\.digest) == blobs.map(TestImage.sha256))
    }

    @Test("OCI layout: a layer blob that is a symbolic link (to /dev/zero, or outside the layout) is refused at once")
    func ociBlobSymlink() throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        try TestImage.ociLayout(image, layers: Self.layers, compression: .gzip, at: folder, tag: "test/app:1.0")
        let path = folder.appendingPathComponent(TestImage.blobPath(TestImage.tar(Self.layers[0], compression: .gzip)))
        try FileManager.default.removeItem(at: path)
        try FileManager.default.createSymbolicLink(atPath: path.path, withDestinationPath: "/dev/zero")
        let started = Date()
        #expect(throws: ImageReadError.self) {
            try ImageArchiveReader().measure(path: folder.path, shownAs: "app-oci", name: "app", release: nil, isBaseline: false)
        }
        do {
            _ = try ImageArchiveReader().measure(path: folder.path, shownAs: "app-oci", name: "app", release: nil, isBaseline: false)
        } catch {
            #expect("\(error)".contains("is a symbolic link; an OCI layout is read only from regular files inside it"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("the test builder's gzip blobs carry no timestamp, so digests are reproducible")
    func reproducibleGzip() {
        let blob = TestImage.tar(Self.layers[0], compression: .gzip)
        #expect(Array(blob.prefix(3)) == [0x1F, 0x8B, 0x08])
        #expect(Array(blob.dropFirst(4).prefix(4)) == [0, 0, 0, 0], "gzip MTIME must be 0")
    }

    @Test("a truncated archive is a clear error, never a crash")
    func truncated() throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        let full = TestImage.dockerArchiveClassic(image, tag: "test/app:1.0")
        for cut in [100, full.count / 3, full.count / 2, full.count - 700] {
            let path = folder.appendingPathComponent("cut-\(cut).tar")
            try full.prefix(cut).write(to: path)
            #expect(throws: ImageReadError.self) {
                try ImageArchiveReader().measure(path: path.path, shownAs: "cut.tar", name: "app", release: nil, isBaseline: false)
            }
        }
    }

    @Test("a layer whose bytes do not match its digest is reported as such")
    func wrongDigest() throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        var image = TestImage.build(Self.layers, createdBy: Self.createdBy)
        image.layers[1] = TestImage.tar(Self.layers[1] + [.file("extra", Data("x".utf8))])
        let path = folder.appendingPathComponent("bad.tar")
        try TestImage.dockerArchiveClassic(image, tag: "test/app:1.0").write(to: path)
        do {
            _ = try ImageArchiveReader().measure(path: path.path, shownAs: "bad.tar", name: "app", release: nil, isBaseline: false)
            Issue.record("expected a digest mismatch")
        } catch {
            #expect(error.id == "image.digest-mismatch")
        }
    }

    @Test("files that are not images are refused with a reason", arguments: ["random", "plain-tar"])
    func notAnImage(_ kind: String) throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.tar")
        let data = kind == "random" ? Self.bytes(5000, 9) : TestImage.tar([.file("hello.txt", Data("hi".utf8))])
        try data.write(to: path)
        do {
            _ = try ImageArchiveReader().measure(path: path.path, shownAs: "x.tar", name: "app", release: nil, isBaseline: false)
            Issue.record("expected an error")
        } catch {
            #expect(["image.not-an-image", "image.corrupt"].contains(error.id))
        }
    }
}

/// Hostile layers found by review: each is refused or measured correctly, never a crash.
@Suite("hostile image input")
struct HostileImageTests {
    func measure(_ layers: [[TestImage.Item]]) throws -> ImageMeasurement {
        let folder = ArchiveTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(layers, createdBy: layers.map { _ in "RUN x" })
        let path = folder.appendingPathComponent("x.tar")
        try TestImage.dockerArchiveClassic(image, tag: "t:1").write(to: path)
        return try ImageArchiveReader().measure(path: path.path, shownAs: "x.tar", name: "x", release: nil, isBaseline: false)
    }

    @Test("a path deeper than PATH_MAX is refused, not recursed into")
    func deepPath() {
        let deep = Array(repeating: "a", count: 3000).joined(separator: "/") + "/f"
        #expect(throws: ImageReadError.self) { try measure([[.file(deep, Data("x".utf8))]]) }
    }

    @Test("`..` inside a layer path is resolved within the root")
    func dotDot() throws {
        let m = try measure([[.file("b", ArchiveTests.bytes(50, 1))], [.file("a/../b", ArchiveTests.bytes(60, 2))]])
        #expect(m.wasted?.reclaimableBytes == 50)
        #expect(m.largestFiles.map(\.path) == ["/b"])
    }
}

@Suite("multi-platform index")
struct PlatformTests {
    @Test("from a multi-platform index the linux/amd64 image is measured, not the first one listed")
    func prefersAmd64() throws {
        let folder = ArchiveTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImage.build(ArchiveTests.layers, createdBy: ArchiveTests.createdBy)
        try TestImage.ociLayout(image, layers: ArchiveTests.layers, compression: .gzip, at: folder, tag: "test/app:1.0")
        // A second image (arm64) listed first in the index.
        let other = TestImage.build([[.file("only-on-arm", Data("x".utf8))]], createdBy: ["ADD x /"])
        let blobs = folder.appendingPathComponent("blobs/sha256")
        let layer = TestImage.tar([.file("only-on-arm", Data("x".utf8))], compression: .gzip)
        try layer.write(to: blobs.appendingPathComponent(String(TestImage.sha256(layer).dropFirst(7))))
        try other.config.write(to: blobs.appendingPathComponent(String(TestImage.sha256(other.config).dropFirst(7))))
        let armManifest = TestImage.ociManifest(other, layerDigests: [TestImage.sha256(layer)], sizes: [layer.count], mediaType: "application/vnd.oci.image.layer.v1.tar+gzip")
        try armManifest.write(to: blobs.appendingPathComponent(String(TestImage.sha256(armManifest).dropFirst(7))))
        var index = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("index.json"))) as! [String: Any]
        var manifests = index["manifests"] as! [[String: Any]]
        manifests[0]["platform"] = ["os": "linux", "architecture": "amd64"]
        manifests.insert(["mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": TestImage.sha256(armManifest),
                          "size": armManifest.count, "platform": ["os": "linux", "architecture": "arm64"]], at: 0)
        index["manifests"] = manifests
        try JSONSerialization.data(withJSONObject: index).write(to: folder.appendingPathComponent("index.json"))
        let m = try ImageArchiveReader().measure(path: folder.path, shownAs: "multi", name: "app", release: nil, isBaseline: false)
        #expect(m.sizes.content == 3780)
    }
}
