import CArchive
import Foundation

/// Builds small but real image artifacts for the tests with libarchive's writer: layer tars (plain, gzip,
/// zstd), `docker save` archives (classic and Docker 25+ layout) and OCI layout folders.
enum TestImage {
    enum Item: Sendable {
        case file(String, Data)
        case directory(String)
        case symlink(String, target: String)
        case hardlink(String, target: String)
        case whiteout(String)
        case opaque(String)
    }

    enum Compression: Sendable { case none, gzip, zstd }

    /// What libarchive writes into memory: `format` sets the format, `compression` adds the filter (at `level`
    /// when given; gzip without a timestamp, so the same input gives the same blob and digest every time),
    /// `body` writes the entries.
    static func written(
        format: (OpaquePointer) -> Void, compression: Compression, level: String? = nil, capacity: Int = 64 << 20,
        _ body: (OpaquePointer) -> Void
    ) -> Data {
        let writer = archive_write_new()!
        defer { archive_write_free(writer) }
        format(writer)
        switch compression {
        case .none: archive_write_add_filter_none(writer)
        case .gzip:
            archive_write_add_filter_gzip(writer)
            archive_write_set_filter_option(writer, "gzip", "timestamp", nil)
        case .zstd: archive_write_add_filter_zstd(writer)
        }
        if let level, compression != .none {
            archive_write_set_filter_option(writer, compression == .gzip ? "gzip" : "zstd", "compression-level", level)
        }
        archive_write_set_bytes_in_last_block(writer, 1)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var used = 0
        archive_write_open_memory(writer, buffer, capacity, &used)
        body(writer)
        archive_write_close(writer)
        return Data(bytes: buffer, count: used)
    }

    /// A tar written with libarchive; `compression` adds the filter.
    static func tar(_ items: [Item], compression: Compression = .none) -> Data {
        written(format: { archive_write_set_format_pax_restricted($0) }, compression: compression) { writer in
            write(items, to: writer)
        }
    }

    private static func write(_ items: [Item], to writer: OpaquePointer) {
        for item in items {
            let entry = archive_entry_new()!
            defer { archive_entry_free(entry) }
            archive_entry_set_mtime(entry, 1_704_067_200, 0)
            var data = Data()
            switch item {
            case let .file(path, contents):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, docsgen_ae_ifreg())
                archive_entry_set_perm(entry, 0o644)
                archive_entry_set_size(entry, Int64(contents.count))
                data = contents
            case let .directory(path):
                archive_entry_set_pathname(entry, path + "/")
                archive_entry_set_filetype(entry, docsgen_ae_ifdir())
                archive_entry_set_perm(entry, 0o755)
            case let .symlink(path, target):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, docsgen_ae_iflnk())
                archive_entry_set_symlink(entry, target)
                archive_entry_set_perm(entry, 0o777)
            case let .hardlink(path, target):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_hardlink(entry, target)
                archive_entry_set_size(entry, 0)
            case let .whiteout(path):
                let parts = path.split(separator: "/")
                let name = (parts.dropLast().map(String.init) + [".wh." + parts.last!]).joined(separator: "/")
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, docsgen_ae_ifreg())
                archive_entry_set_size(entry, 0)
            case let .opaque(folder):
                archive_entry_set_pathname(entry, folder + "/.wh..wh..opq")
                archive_entry_set_filetype(entry, docsgen_ae_ifreg())
                archive_entry_set_size(entry, 0)
            }
            archive_write_header(writer, entry)
            if !data.isEmpty {
                data.withUnsafeBytes { _ = archive_write_data(writer, $0.baseAddress, $0.count) }
            }
        }
    }

    /// Where a blob is stored in an OCI layout or a Docker 25+ archive: `blobs/sha256/<hex digest>`.
    static func blobPath(_ data: Data) -> String {
        "blobs/sha256/" + sha256(data).dropFirst(7)
    }

    static func sha256(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        data.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        EVP_DigestFinal_ex(context, &digest, &length)
        EVP_MD_CTX_free(context)
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }

    struct Built {
        var layers: [Data]
        var config: Data
        var diffIDs: [String]
    }

    /// Layer tars and a config with matching diff IDs and one history entry per layer plus an empty one.
    static func build(_ layers: [[Item]], createdBy: [String], user: String = "app") -> Built {
        let tars = layers.map { tar($0) }
        let diffIDs = tars.map(sha256)
        var history: [[String: Any]] = zip(tars, createdBy).map { ["created_by": $1] }
        history.insert(["created_by": "/bin/sh -c #(nop)  ENV LANG=C.UTF-8", "empty_layer": true], at: 1)
        let config: [String: Any] = [
            "architecture": "amd64", "os": "linux",
            "config": ["User": user, "ExposedPorts": ["8000/tcp": [String: String]()], "Env": ["PATH=/usr/bin", "SECRET_KEY=hunter2"],
                       "Cmd": ["app"], "Labels": ["org.opencontainers.image.version": "1.0.0"],
                       "Healthcheck": ["Test": ["CMD", "true"], "Interval": 30_000_000_000]],
            "rootfs": ["type": "layers", "diff_ids": diffIDs],
            "history": history,
        ]
        let data = try! JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        return Built(layers: tars, config: data, diffIDs: diffIDs)
    }

    /// `docker save`, classic layout: `<id>/layer.tar`, `<config>.json`, `manifest.json` (written last, as Docker does).
    static func dockerArchiveClassic(_ image: Built, tag: String) -> Data {
        var items: [Item] = []
        var paths: [String] = []
        for (index, layer) in image.layers.enumerated() {
            let id = String(sha256(Data("\(index)\(image.diffIDs[index])".utf8)).dropFirst(7))
            items.append(.directory(id))
            items.append(.file("\(id)/VERSION", Data("1.0".utf8)))
            items.append(.file("\(id)/layer.tar", layer))
            paths.append("\(id)/layer.tar")
        }
        let configName = String(sha256(image.config).dropFirst(7)) + ".json"
        items.append(.file(configName, image.config))
        let manifest = try! JSONSerialization.data(withJSONObject: [["Config": configName, "RepoTags": [tag], "Layers": paths]])
        items.append(.file("manifest.json", manifest))
        return tar(items)
    }

    /// `docker save` of Docker 25+: OCI blobs, `index.json`, `oci-layout` and a compatible `manifest.json`.
    static func dockerArchiveOCI(_ image: Built, tag: String) -> Data {
        var items: [Item] = [.directory("blobs"), .directory("blobs/sha256")]
        for layer in image.layers { items.append(.file(blobPath(layer), layer)) }
        items.append(.file(blobPath(image.config), image.config))
        let manifest = ociManifest(image, layerDigests: image.layers.map(sha256), sizes: image.layers.map(\.count), mediaType: "application/vnd.oci.image.layer.v1.tar")
        items.append(.file(blobPath(manifest), manifest))
        items.append(.file("index.json", index(manifest, tag: tag)))
        items.append(.file("oci-layout", Data("{\"imageLayoutVersion\":\"1.0.0\"}".utf8)))
        let compat = try! JSONSerialization.data(withJSONObject: [[
            "Config": blobPath(image.config), "RepoTags": [tag], "Layers": image.layers.map(blobPath),
        ]])
        items.append(.file("manifest.json", compat))
        return tar(items)
    }

    static func ociManifest(_ image: Built, layerDigests: [String], sizes: [Int], mediaType: String) -> Data {
        let manifest: [String: Any] = [
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": ["mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha256(image.config), "size": image.config.count],
            "layers": zip(layerDigests, sizes).map { ["mediaType": mediaType, "digest": $0, "size": $1] },
        ]
        return try! JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys])
    }

    static func index(_ manifest: Data, tag: String) -> Data {
        let index: [String: Any] = [
            "schemaVersion": 2,
            "manifests": [["mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha256(manifest), "size": manifest.count,
                           "annotations": ["io.containerd.image.name": tag]]],
        ]
        return try! JSONSerialization.data(withJSONObject: index, options: [.sortedKeys])
    }

    /// An OCI layout folder with compressed layer blobs.
    static func ociLayout(_ image: Built, layers: [[Item]], compression: Compression, at folder: URL, tag: String) throws {
        let blobs = folder.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        let compressed = layers.map { tar($0, compression: compression) }
        for blob in compressed + [image.config] { try blob.write(to: folder.appendingPathComponent(blobPath(blob))) }
        let mediaType = compression == .zstd ? "application/vnd.oci.image.layer.v1.tar+zstd" : "application/vnd.oci.image.layer.v1.tar+gzip"
        let manifest = ociManifest(image, layerDigests: compressed.map(sha256), sizes: compressed.map(\.count), mediaType: mediaType)
        try manifest.write(to: folder.appendingPathComponent(blobPath(manifest)))
        try index(manifest, tag: tag).write(to: folder.appendingPathComponent("index.json"))
        try Data("{\"imageLayoutVersion\":\"1.0.0\"}".utf8).write(to: folder.appendingPathComponent("oci-layout"))
    }
}
