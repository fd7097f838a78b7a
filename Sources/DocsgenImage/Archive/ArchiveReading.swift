import Foundation

/// Reading a tar file in two passes: small metadata files first (skipping layers costs nothing in a
/// seekable file), then each layer streamed once.
struct ArchiveReading: ImageReading {
    let path: String
    let shownAs: String
    private var small: [String: Data] = [:]
    private var sizes: [String: Int64] = [:]
    /// Whether the archive is an uncompressed tar, where skipping to an entry costs a seek.
    private var isSeekable = false

    init(path: String, shownAs: String) throws(ImageReadError) {
        self.path = path
        self.shownAs = shownAs
        let archive = ArchiveHandle(mode: .tar, name: shownAs)
        try archive.open(path: path)
        var retained = 0
        while let entry = try archive.next() {
            let name = Self.normalise(entry.path)
            sizes[name] = entry.size
            let isMetadata = name.hasSuffix(".json") || name == "repositories" || name == "oci-layout"
                || (name.hasPrefix("blobs/") && entry.size <= 4 << 20)
            // Metadata is small; a hostile archive full of large JSON entries must not fill memory.
            if entry.kind == .file, isMetadata, entry.size <= Int64(ImageArchiveReader.metadataLimit),
                retained + Int(entry.size) <= ImageArchiveReader.retainedLimit
            {
                let data = try archive.readAll(limit: ImageArchiveReader.metadataLimit)
                retained += data.count
                small[name] = data
            } else {
                try archive.skip()
            }
        }
        isSeekable = archive.isUncompressed
    }

    static func normalise(_ path: String) -> String {
        var name = Substring(path)
        while name.hasPrefix("./") { name = name.dropFirst(2) }
        while name.hasPrefix("/") { name = name.dropFirst() }
        return String(name)
    }

    func metadata(_ name: String) throws(ImageReadError) -> Data {
        guard let data = small[Self.normalise(name)] else {
            throw .notAnImage(path: shownAs, reason: "\(name) is missing")
        }
        return data
    }

    func manifest() throws(ImageReadError) -> ImageManifest {
        if let data = small["manifest.json"] {
            guard let entries = try? JSONDecoder().decode([DockerSaveManifest].self, from: data), let first = entries.first else {
                throw .notAnImage(path: shownAs, reason: "manifest.json is not a docker save manifest")
            }
            if entries.count > 1 {
                // One image per measurement: the first, as `docker load` would list first.
            }
            let isOCI = small["oci-layout"] != nil || first.Layers.allSatisfy { $0.hasPrefix("blobs/") }
            let layers = first.Layers.map { layer in
                ImageManifest.Layer(path: Self.normalise(layer), digest: BlobDigest.fromPath(layer), isCompressed: false)
            }
            return ImageManifest(
                format: isOCI ? "docker-archive-oci" : "docker-archive", tag: first.RepoTags?.first,
                configPath: Self.normalise(first.Config), configDigest: BlobDigest.fromPath(first.Config), layers: layers)
        }
        if let index = small["index.json"] {
            let copy = self
            return try OCIManifestResolver(shownAs: shownAs) { name throws(ImageReadError) in try copy.metadata(name) }
                .resolve(index, format: "oci-archive")
        }
        throw .notAnImage(path: shownAs, reason: "it has neither manifest.json (docker save) nor index.json (OCI)")
    }

    func layers(_ manifest: ImageManifest, paths: PathTable, progress: LayerProgress, workers: Int) throws(ImageReadError) -> [ReadLayer] {
        var unique: [ImageManifest.Layer] = []
        for layer in manifest.layers where !unique.contains(where: { $0.path == layer.path }) { unique.append(layer) }
        progress.total = unique.reduce(Int64(0)) { $0 + (sizes[$1.path] ?? 0) }
        var found: [String: ReadLayer] = [:]
        if isSeekable {
            // Each thread opens the archive itself and seeks to its layer (an uncompressed tar skips for free).
            let read = try LayerJobs.run(count: unique.count, workers: workers, paths: paths) { index, table throws(ImageReadError) in
                try readLayer(unique[index], paths: table, progress: progress)
            }
            for (layer, content) in zip(unique, read) { found[layer.path] = content }
        } else {
            try readInOnePass(unique, into: &found, paths: paths, progress: progress)
        }
        return try manifest.layers.map { layer throws(ImageReadError) in
            guard let read = found[layer.path] else {
                throw .notAnImage(path: shownAs, reason: "layer \(layer.path) named in the manifest is missing")
            }
            return read
        }
    }

    /// One layer: from memory when the first pass kept it, else streamed from its entry of the archive.
    private func readLayer(_ layer: ImageManifest.Layer, paths: PathTable, progress: LayerProgress) throws(ImageReadError) -> ReadLayer {
        if let data = small[layer.path] {
            return try scan(MemorySource(data), layer: layer, paths: paths, progress: progress)
        }
        let archive = ArchiveHandle(mode: .tar, name: shownAs)
        try archive.open(path: path)
        while let entry = try archive.next() {
            guard Self.normalise(entry.path) == layer.path else {
                try archive.skip()
                continue
            }
            return try scan(EntrySource(archive), layer: layer, paths: paths, progress: progress)
        }
        throw .notAnImage(path: shownAs, reason: "layer \(layer.path) named in the manifest is missing")
    }

    /// Every layer not kept in memory, in the order of the archive: a compressed archive cannot seek, so it is
    /// decompressed once, on one thread.
    private func readInOnePass(
        _ layers: [ImageManifest.Layer], into found: inout [String: ReadLayer], paths: PathTable, progress: LayerProgress
    ) throws(ImageReadError) {
        for layer in layers {
            guard let data = small[layer.path] else { continue }
            found[layer.path] = try scan(MemorySource(data), layer: layer, paths: paths, progress: progress)
        }
        guard found.count < layers.count else { return }
        let archive = ArchiveHandle(mode: .tar, name: shownAs)
        try archive.open(path: path)
        while let entry = try archive.next() {
            let name = Self.normalise(entry.path)
            guard found[name] == nil, let layer = layers.first(where: { $0.path == name }) else {
                try archive.skip()
                continue
            }
            found[name] = try scan(EntrySource(archive), layer: layer, paths: paths, progress: progress)
        }
    }

    private func scan(_ source: ByteSource, layer: ImageManifest.Layer, paths: PathTable, progress: LayerProgress) throws(ImageReadError) -> ReadLayer {
        source.isHashing = layer.digest != nil
        source.onBytes = progress.add
        let content = try LayerScanner.scan(source, name: "\(shownAs): \(layer.path)", paths: paths)
        try source.drain()
        return try Self.verified(content, blobDigest: source.hash.finish(), size: source.count, layer: layer, shownAs: shownAs)
    }

    static func verified(_ content: LayerContent, blobDigest: String, size: Int64, layer: ImageManifest.Layer, shownAs: String) throws(ImageReadError) -> ReadLayer {
        let blobDigest = content.wasUncompressed ? content.diffID : blobDigest
        if let expected = layer.digest, expected != blobDigest {
            throw .digestMismatch(path: shownAs, entry: layer.path, expected: expected, actual: blobDigest)
        }
        let isBlob = layer.digest != nil
        return ReadLayer(layer: content, digest: isBlob ? blobDigest : nil, storedSize: isBlob ? size : nil)
    }
}

/// Follows an OCI `index.json` to the image manifest, its config and layers.
struct OCIManifestResolver {
    let shownAs: String
    let read: (String) throws(ImageReadError) -> Data

    func resolve(_ indexData: Data, format: String) throws(ImageReadError) -> ImageManifest {
        guard let index = try? JSONDecoder().decode(OCIIndex.self, from: indexData), var descriptor = Self.preferred(index.manifests) else {
            throw .notAnImage(path: shownAs, reason: "index.json lists no manifest")
        }
        var tag = descriptor.annotations?["io.containerd.image.name"] ?? descriptor.annotations?["org.opencontainers.image.ref.name"]
        for _ in 0..<4 {
            let data = try blob(descriptor.digest)
            if let manifest = try? JSONDecoder().decode(OCIImageManifest.self, from: data) {
                // A digest becomes a path: anything but sha256:<64 hex> could point outside the layout.
                for digest in [manifest.config.digest] + manifest.layers.map(\.digest) where !BlobDigest.isValid(digest) {
                    throw .notAnImage(path: shownAs, reason: "invalid digest \(String(digest.prefix(80)))")
                }
                let layers = manifest.layers.map { layer in
                    ImageManifest.Layer(path: Self.blobPath(layer.digest), digest: layer.digest, isCompressed: BlobDigest.isCompressed(layer.mediaType))
                }
                return ImageManifest(
                    format: format, tag: tag, configPath: Self.blobPath(manifest.config.digest), configDigest: manifest.config.digest,
                    layers: layers)
            }
            guard let nested = try? JSONDecoder().decode(OCIIndex.self, from: data), let first = Self.preferred(nested.manifests) else {
                throw .notAnImage(path: shownAs, reason: "manifest \(descriptor.digest) is neither an image manifest nor an index")
            }
            descriptor = first
            tag = tag ?? first.annotations?["org.opencontainers.image.ref.name"]
        }
        throw .notAnImage(path: shownAs, reason: "image indexes nested too deeply")
    }

    /// The manifest to measure from a multi-platform index: linux/amd64 first (the platform the documents'
    /// images are deployed on), then any linux image that is not an attestation, then the first.
    static func preferred(_ manifests: [OCIIndex.Descriptor]) -> OCIIndex.Descriptor? {
        let images = manifests.filter { $0.annotations?["vnd.docker.reference.type"] != "attestation-manifest" }
        return images.first { $0.platform?.os == "linux" && $0.platform?.architecture == "amd64" }
            ?? images.first { $0.platform?.os == "linux" }
            ?? images.first ?? manifests.first
    }

    static func blobPath(_ digest: String) -> String {
        "blobs/" + digest.replacingOccurrences(of: ":", with: "/")
    }

    func blob(_ digest: String) throws(ImageReadError) -> Data {
        guard BlobDigest.isValid(digest) else { throw .notAnImage(path: shownAs, reason: "invalid digest \(digest)") }
        let data = try read(Self.blobPath(digest))
        let actual = SHA256Stream.digest(data)
        guard actual == digest else { throw .digestMismatch(path: shownAs, entry: Self.blobPath(digest), expected: digest, actual: actual) }
        return data
    }
}

/// Reading an OCI image layout folder: `index.json`, then blobs as files.
struct OCILayoutReading: ImageReading {
    let root: String
    let shownAs: String

    init(root: String, shownAs: String) throws(ImageReadError) {
        self.root = root
        self.shownAs = shownAs
        guard FileManager.default.fileExists(atPath: root + "/oci-layout") else {
            throw .notAnImage(path: shownAs, reason: "the folder has no oci-layout file")
        }
    }

    /// The path of `name` inside the layout, when it is a regular file reached through folders only: a blob
    /// that is a symbolic link (to `/dev/zero`, to a file outside the layout) or a device is refused, so every
    /// read is of a finite file of this layout.
    func regularFile(_ name: String) throws(ImageReadError) -> String {
        var current = root
        let parts = name.split(separator: "/").map(String.init)
        for (index, part) in parts.enumerated() {
            guard part != "..", part != "." else { throw .notAnImage(path: shownAs, reason: "\(name) leaves the layout") }
            current += "/" + part
            var info = stat()
            guard lstat(current, &info) == 0 else { throw .notAnImage(path: shownAs, reason: "\(name) is missing") }
            let type = info.st_mode & S_IFMT
            let isLast = index == parts.count - 1
            guard isLast ? type == S_IFREG : type == S_IFDIR else {
                throw .notAnImage(path: shownAs, reason: "\(name) is \(type == S_IFLNK ? "a symbolic link" : "not a regular file"); "
                    + "an OCI layout is read only from regular files inside it")
            }
        }
        return current
    }

    func metadata(_ name: String) throws(ImageReadError) -> Data {
        let path = try regularFile(name)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= ImageArchiveReader.metadataLimit else { throw .tooLarge(path: shownAs + "/" + name, limit: ImageArchiveReader.metadataLimit) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notAnImage(path: shownAs, reason: "\(name) is missing")
        }
        return data
    }

    func manifest() throws(ImageReadError) -> ImageManifest {
        let index = try metadata("index.json")
        let copy = self
        return try OCIManifestResolver(shownAs: shownAs) { name throws(ImageReadError) in try copy.metadata(name) }
            .resolve(index, format: "oci-layout")
    }

    func layers(_ manifest: ImageManifest, paths: PathTable, progress: LayerProgress, workers: Int) throws(ImageReadError) -> [ReadLayer] {
        progress.total = manifest.layers.reduce(Int64(0)) { sum, layer in
            sum + Int64((try? FileManager.default.attributesOfItem(atPath: root + "/" + layer.path)[.size] as? Int) ?? 0)
        }
        return try LayerJobs.run(count: manifest.layers.count, workers: workers, paths: paths) { index, table throws(ImageReadError) in
            let layer = manifest.layers[index]
            let source = try FileSource(path: try regularFile(layer.path))
            source.onBytes = progress.add
            let content = try LayerScanner.scan(source, name: "\(shownAs)/\(layer.path)", paths: table)
            try source.drain()
            return try ArchiveReading.verified(content, blobDigest: source.hash.finish(), size: source.count, layer: layer, shownAs: shownAs)
        }
    }
}
