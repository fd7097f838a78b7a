import DocsgenCore
import Foundation

/// Measures an image from a `docker save` archive (classic or Docker 25+ layout) or an OCI image layout
/// directory, streaming every layer once: per-layer sizes and digests (verified), entry counts, whiteouts,
/// reclaimable bytes, dive's figures and the largest files.
public struct ImageArchiveReader: Sendable {
    /// Metadata files (manifests, configs) larger than this are refused.
    static let metadataLimit = 16 << 20
    /// Most metadata bytes kept in memory while an archive is read.
    static let retainedLimit = 64 << 20

    /// Called with (bytes read, total bytes) while layers are read, from the threads reading them.
    public var progress: (@Sendable (Int64, Int64) -> Void)?
    /// Layers read at the same time (threads); the measurement is the same whatever the number.
    public var workers: Int

    /// Creates a reader.
    public init(progress: (@Sendable (Int64, Int64) -> Void)? = nil, workers: Int? = nil) {
        self.progress = progress
        self.workers = workers ?? LayerJobs.defaultWorkers
    }

    /// Whether `path` looks like something this reader measures (a tar file or an OCI layout folder).
    public static func canRead(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue { return FileManager.default.fileExists(atPath: path + "/oci-layout") }
        return path.hasSuffix(".tar") || path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz") || path.hasSuffix(".tar.zst")
    }

    /// Measures the image at `path` (`shownAs` is how messages and facts name it).
    public func measure(path: String, shownAs: String, name: String, release: String?, isBaseline: Bool) throws(ImageReadError) -> ImageMeasurement {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: shownAs, reason: "no such file or folder")
        }
        let reading: any ImageReading = isDirectory.boolValue
            ? try OCILayoutReading(root: path, shownAs: shownAs) : try ArchiveReading(path: path, shownAs: shownAs)
        let manifest = try reading.manifest()
        let configData = try reading.metadata(manifest.configPath)
        if let expected = manifest.configDigest {
            let actual = SHA256Stream.digest(configData)
            guard actual == expected else {
                throw .digestMismatch(path: shownAs, entry: manifest.configPath, expected: expected, actual: actual)
            }
        }
        let config: ImageConfigFile
        do {
            config = try JSONDecoder().decode(ImageConfigFile.self, from: configData)
        } catch {
            throw .notAnImage(path: shownAs, reason: "the image configuration \(manifest.configPath) is not valid JSON")
        }
        let paths = PathTable()
        let contents = try reading.layers(manifest, paths: paths, progress: LayerProgress(progress), workers: workers)
        paths.finishReading()
        let diffIDs = config.rootfs?.diff_ids ?? []
        if !diffIDs.isEmpty {
            guard diffIDs.count == contents.count else {
                throw .notAnImage(path: shownAs, reason: "the configuration lists \(diffIDs.count) layers, the manifest \(contents.count)")
            }
            for (index, (expected, content)) in zip(diffIDs, contents).enumerated() where expected != content.layer.diffID {
                throw .digestMismatch(path: shownAs, entry: "layer \(index) (\(manifest.layers[index].path))", expected: expected, actual: content.layer.diffID)
            }
        }

        var measurement = ImageMeasurement(name: name, release: release, isBaseline: isBaseline)
        measurement.sources = [MeasurementSource(path: shownAs, format: manifest.format)]
        measurement.tag = manifest.tag
        measurement.imageID = SHA256Stream.digest(configData)
        let analysis = LayerAnalyzer.analyze(contents.map(\.layer.entries))
        measurement.layers = Self.layers(history: config.history ?? [], contents: contents, figures: analysis.layers)
        let compressed = contents.allSatisfy { $0.storedSize != nil } ? contents.reduce(Int64(0)) { $0 + ($1.storedSize ?? 0) } : nil
        measurement.sizes = ImageSizes(
            compressed: compressed, uncompressed: contents.reduce(Int64(0)) { $0 + $1.layer.uncompressedSize },
            content: analysis.contentSize, reported: nil)
        measurement.wasted = analysis.wasted
        measurement.largestFiles = analysis.largestFiles
        measurement.config = config.config.map(Self.configFacts)
        return measurement
    }

    /// History entries bottom first, with the file-system layers filled in where the history has them.
    static func layers(history: [ImageConfigFile.History], contents: [ReadLayer], figures: [LayerAnalyzer.LayerFigures]) -> [LayerMeasurement] {
        var result: [LayerMeasurement] = []
        var next = 0
        let entries = history.isEmpty ? contents.map { _ in ImageConfigFile.History(created_by: nil, empty_layer: false) } : history
        for entry in entries {
            var layer = LayerMeasurement(index: result.count, createdBy: entry.created_by.map(SecretRedaction.redact), isEmpty: entry.empty_layer == true)
            if entry.empty_layer != true, next < contents.count {
                let content = contents[next]
                layer.diffID = content.layer.diffID
                layer.digest = content.digest
                layer.compressedSize = content.storedSize
                layer.uncompressedSize = content.layer.uncompressedSize
                layer.contentSize = figures[next].contentSize
                layer.entries = figures[next].entries
                layer.whiteouts = figures[next].whiteouts
                layer.opaqueDirectories = figures[next].opaqueDirectories
                next += 1
            }
            result.append(layer)
        }
        // Layers the history does not mention (a hand-made image) are still counted.
        while next < contents.count {
            var layer = LayerMeasurement(index: result.count, createdBy: nil, isEmpty: false)
            layer.diffID = contents[next].layer.diffID
            layer.uncompressedSize = contents[next].layer.uncompressedSize
            layer.contentSize = figures[next].contentSize
            layer.entries = figures[next].entries
            next += 1
            result.append(layer)
        }
        return result
    }

    static func configFacts(_ config: ImageConfigFile.Config) -> ImageConfigFacts {
        ImageConfigFacts(
            user: config.User, healthcheck: config.Healthcheck?.Test,
            healthcheckInterval: config.Healthcheck?.Interval.map { Double($0) / 1e9 },
            healthcheckTimeout: config.Healthcheck?.Timeout.map { Double($0) / 1e9 },
            exposedPorts: (config.ExposedPorts ?? [:]).keys.sorted(), labels: config.Labels ?? [:],
            environment: (config.Env ?? []).map { String($0.prefix { $0 != "=" }) }, cmd: config.Cmd,
            entrypoint: config.Entrypoint, workdir: config.WorkingDir)
    }
}

/// One way of reading an image: its manifest, metadata files by path, and its layers streamed.
protocol ImageReading {
    func manifest() throws(ImageReadError) -> ImageManifest
    func metadata(_ name: String) throws(ImageReadError) -> Data
    func layers(_ manifest: ImageManifest, paths: PathTable, progress: LayerProgress, workers: Int) throws(ImageReadError) -> [ReadLayer]
}

/// The bytes read of all layers, added from every thread that reads one, reported as one figure.
final class LayerProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let report: (@Sendable (Int64, Int64) -> Void)?
    private var done: Int64 = 0
    /// Stored bytes of all layers (set before they are read).
    var total: Int64 = 0

    init(_ report: (@Sendable (Int64, Int64) -> Void)?) {
        self.report = report
    }

    /// Adds `bytes` read; reported under the lock, so the figures never go back.
    func add(_ bytes: Int) {
        guard let report else { return }
        lock.withLock {
            done += Int64(bytes)
            report(done, total)
        }
    }
}

/// A layer as read: its content and, for stored blobs, the blob's size and verified digest.
struct ReadLayer {
    var layer: LayerContent
    var digest: String?
    var storedSize: Int64?
}

extension SHA256Stream {
    static func digest(_ data: Data) -> String {
        let stream = SHA256Stream()
        data.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress { stream.update(base, count: buffer.count) }
        }
        return stream.finish()
    }
}

/// Blob digests in paths and descriptors: `sha256:<64 hex>`.
enum BlobDigest {
    static func fromPath(_ path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 2] == "sha256", parts.last?.count == 64 else { return nil }
        return "sha256:" + parts[parts.count - 1]
    }

    static func isValid(_ digest: String) -> Bool {
        digest.hasPrefix("sha256:") && digest.dropFirst(7).count == 64
            && digest.dropFirst(7).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    static func isCompressed(_ mediaType: String?) -> Bool {
        guard let mediaType else { return false }
        return mediaType.hasSuffix("+gzip") || mediaType.hasSuffix("+zstd") || mediaType.hasSuffix(".gzip")
            || mediaType.hasSuffix("tar.gzip") || mediaType == "application/vnd.docker.image.rootfs.diff.tar.gzip"
    }
}
