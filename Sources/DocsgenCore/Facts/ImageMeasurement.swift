/// One measurement of one image: what `docsgen measure` records in the project's history folder and
/// `docsgen build` reads back. A public, versioned format (`schemaVersion` 1).
///
/// Sizes are integer bytes and always say which size they are: ``ImageSizes/compressed`` (registry or OCI
/// blobs), ``ImageSizes/uncompressed`` (layer tars), ``ImageSizes/content`` (bytes of the files inside) or
/// ``ImageSizes/reported`` (what `docker image inspect` calls `Size`).
public struct ImageMeasurement: Sendable, Hashable, Codable {
    /// Version of this format.
    public var schemaVersion: Int
    /// The image's name in the project (`backend`).
    public var name: String
    /// The repository tag found in the source (`thebot-backend:1.0.0`).
    public var tag: String?
    /// The release this measurement belongs to (`1.0.0`), if given.
    public var release: String?
    /// Whether this is the "before" image that reductions are computed against.
    public var isBaseline: Bool
    /// What was read, in order.
    public var sources: [MeasurementSource]
    /// `sha256:` of the image configuration (the image ID).
    public var imageID: String?
    /// Image sizes.
    public var sizes: ImageSizes
    /// Layers, bottom first, including empty history entries.
    public var layers: [LayerMeasurement]
    /// Space wasted by files that later layers overwrite or delete.
    public var wasted: WastedSpace?
    /// The largest files of the final file system.
    public var largestFiles: [FileSize]
    /// The image configuration (`docker image inspect` `.Config`).
    public var config: ImageConfigFacts?
    /// Build timing from a BuildKit plain-progress log.
    public var builds: [BuildTiming]
    /// Vulnerabilities by severity (Trivy JSON).
    public var vulnerabilities: [String: Int]?
    /// What the Trivy report says it scanned: the counts in ``vulnerabilities`` speak for this image only
    /// when its image ID is ``imageID``.
    public var scannedImage: ScannedImage?
    /// Number of packages in an SBOM (syft JSON).
    public var packageCount: Int?
    /// `RepoDigests` from `docker image inspect`: proof that a registry holds the image.
    public var repoDigests: [String]?
    /// The measurement file this was read from (set by `docsgen build`, not stored in the file).
    public var recordedIn: String?

    /// Creates an empty measurement.
    public init(name: String, release: String?, isBaseline: Bool) {
        self.schemaVersion = 1
        self.name = name
        self.release = release
        self.isBaseline = isBaseline
        self.sources = []
        self.sizes = ImageSizes()
        self.layers = []
        self.largestFiles = []
        self.builds = []
    }
}

/// The image a vulnerability report names (`ArtifactName` and `Metadata.ImageID` of a Trivy JSON report).
public struct ScannedImage: Sendable, Hashable, Codable {
    /// `sha256:` of the scanned image's configuration, when the report records it.
    public var imageID: String?
    /// The name the scan was started with (`thebot-backend:1.0.0`).
    public var artifact: String?

    /// Creates a scanned image.
    public init(imageID: String?, artifact: String?) {
        self.imageID = imageID
        self.artifact = artifact
    }

    /// Whether the report provably scanned the image with ID `measured`: both IDs are known and equal.
    public func matches(_ measured: String?) -> Bool {
        guard let imageID, let measured else { return false }
        return imageID == measured
    }
}

/// A file a measurement was read from.
public struct MeasurementSource: Sendable, Hashable, Codable {
    /// The path as given (relative to the project root when inside it).
    public var path: String
    /// `docker-archive`, `docker-archive-oci`, `oci-layout`, `docker-inspect`, `docker-history`, `buildkit-log`,
    /// `trivy`, `syft`.
    public var format: String

    /// Creates a source.
    public init(path: String, format: String) {
        self.path = path
        self.format = format
    }
}

/// The sizes of an image; `nil` where the sources do not tell.
public struct ImageSizes: Sendable, Hashable, Codable {
    /// Sum of the compressed layer blobs (what a registry stores and a pull transfers).
    public var compressed: Int64?
    /// Sum of the uncompressed layer tars.
    public var uncompressed: Int64?
    /// Sum of the sizes of regular files in all layers (dive's "image size").
    public var content: Int64?
    /// `Size` from `docker image inspect` (bytes of the unpacked layers as the daemon counts them).
    public var reported: Int64?

    /// Creates sizes.
    public init(compressed: Int64? = nil, uncompressed: Int64? = nil, content: Int64? = nil, reported: Int64? = nil) {
        self.compressed = compressed
        self.uncompressed = uncompressed
        self.content = content
        self.reported = reported
    }

    /// The size to show as "the image size": the reported size, else the uncompressed tars, else the content.
    public var primary: (bytes: Int64, kind: String)? {
        if let reported { return (reported, "reported by docker image inspect") }
        if let uncompressed { return (uncompressed, "uncompressed layers") }
        if let content { return (content, "file content") }
        return nil
    }

    private enum CodingKeys: String, CodingKey { case compressed, uncompressed, content, reported }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(compressed, forKey: .compressed)
        try c.encode(uncompressed, forKey: .uncompressed)
        try c.encode(content, forKey: .content)
        try c.encode(reported, forKey: .reported)
    }
}

/// One layer, or one empty history entry.
public struct LayerMeasurement: Sendable, Hashable, Codable {
    /// Position in the history, bottom first.
    public var index: Int
    /// The instruction that created it (`created_by` / `CreatedBy`).
    public var createdBy: String?
    /// Whether the history entry made no file-system layer (`ENV`, `LABEL`, …).
    public var isEmpty: Bool
    /// `sha256:` of the uncompressed tar.
    public var diffID: String?
    /// `sha256:` of the stored blob.
    public var digest: String?
    /// Size of the stored blob.
    public var compressedSize: Int64?
    /// Size of the uncompressed tar.
    public var uncompressedSize: Int64?
    /// Sum of regular-file sizes in the layer.
    public var contentSize: Int64?
    /// Size as `docker history` shows it (its own rounding), when that is the only source.
    public var reportedSize: Int64?
    /// Number of tar entries.
    public var entries: Int?
    /// Whiteout entries (`.wh.NAME`): deletions of lower-layer paths.
    public var whiteouts: Int?
    /// Opaque directory markers (`.wh..wh..opq`).
    public var opaqueDirectories: Int?
    /// The Dockerfile line that made the layer, when the image was built from a project Dockerfile.
    public var dockerfileLine: Int?

    /// Creates a layer.
    public init(index: Int, createdBy: String?, isEmpty: Bool) {
        self.index = index
        self.createdBy = createdBy
        self.isEmpty = isEmpty
    }

    private enum CodingKeys: String, CodingKey {
        case index, createdBy, isEmpty, diffID, digest, compressedSize, uncompressedSize, contentSize, reportedSize
        case entries, whiteouts, opaqueDirectories, dockerfileLine
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(isEmpty, forKey: .isEmpty)
        try c.encode(diffID, forKey: .diffID)
        try c.encode(digest, forKey: .digest)
        try c.encode(compressedSize, forKey: .compressedSize)
        try c.encode(uncompressedSize, forKey: .uncompressedSize)
        try c.encode(contentSize, forKey: .contentSize)
        try c.encode(reportedSize, forKey: .reportedSize)
        try c.encode(entries, forKey: .entries)
        try c.encode(whiteouts, forKey: .whiteouts)
        try c.encode(opaqueDirectories, forKey: .opaqueDirectories)
        try c.encode(dockerfileLine, forKey: .dockerfileLine)
    }
}

/// Bytes a later layer hides, by two definitions.
public struct WastedSpace: Sendable, Hashable, Codable {
    /// Content of files hidden by later layers (overwritten or deleted): really reclaimable.
    public var reclaimableBytes: Int64
    /// Number of hidden file copies.
    public var reclaimableFiles: Int
    /// dive 0.13.1's figures, computed its way (see ``DiveFigures``).
    public var dive: DiveFigures
    /// The paths that waste most (reclaimable definition), largest first.
    public var topPaths: [PathWaste]

    /// Creates wasted-space facts.
    public init(reclaimableBytes: Int64, reclaimableFiles: Int, dive: DiveFigures, topPaths: [PathWaste]) {
        self.reclaimableBytes = reclaimableBytes
        self.reclaimableFiles = reclaimableFiles
        self.dive = dive
        self.topPaths = topPaths
    }
}

/// dive 0.13.1's efficiency figures: every copy of a path seen in two or more layers counts as wasted,
/// the copy still in use included; deleted directories and opaque markers are not followed.
public struct DiveFigures: Sendable, Hashable, Codable {
    /// Sum of the smallest copy of each path over the sum of all copies (0–1).
    public var efficiency: Double
    /// dive's "wasted bytes".
    public var wastedBytes: Int64
    /// Regular-file bytes of all layers but the first (dive's "user size").
    public var userSizeBytes: Int64
    /// Wasted bytes over the user size (0–1), `nil` when the user size is 0.
    public var userWastedRatio: Double?
    /// Paths seen in two or more layers.
    public var inefficientPaths: Int

    /// Creates dive figures.
    public init(efficiency: Double, wastedBytes: Int64, userSizeBytes: Int64, userWastedRatio: Double?, inefficientPaths: Int) {
        self.efficiency = efficiency
        self.wastedBytes = wastedBytes
        self.userSizeBytes = userSizeBytes
        self.userWastedRatio = userWastedRatio
        self.inefficientPaths = inefficientPaths
    }

    private enum CodingKeys: String, CodingKey { case efficiency, wastedBytes, userSizeBytes, userWastedRatio, inefficientPaths }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(efficiency, forKey: .efficiency)
        try c.encode(wastedBytes, forKey: .wastedBytes)
        try c.encode(userSizeBytes, forKey: .userSizeBytes)
        try c.encode(userWastedRatio, forKey: .userWastedRatio)
        try c.encode(inefficientPaths, forKey: .inefficientPaths)
    }
}

/// Bytes a path wastes.
public struct PathWaste: Sendable, Hashable, Codable {
    /// The path (absolute).
    public var path: String
    /// Layers holding a copy.
    public var copies: Int
    /// Bytes of hidden copies.
    public var bytes: Int64

    /// Creates a path fact.
    public init(path: String, copies: Int, bytes: Int64) {
        self.path = path
        self.copies = copies
        self.bytes = bytes
    }
}

/// A file and its size.
public struct FileSize: Sendable, Hashable, Codable {
    /// The path (absolute).
    public var path: String
    /// Bytes.
    public var size: Int64
    /// The layer that holds the visible copy.
    public var layer: Int

    /// Creates a file fact.
    public init(path: String, size: Int64, layer: Int) {
        self.path = path
        self.size = size
        self.layer = layer
    }
}

/// The runtime configuration recorded in an image.
public struct ImageConfigFacts: Sendable, Hashable, Codable {
    /// `User`; `nil` or empty means root.
    public var user: String?
    /// `Healthcheck.Test`.
    public var healthcheck: [String]?
    /// Seconds.
    public var healthcheckInterval: Double?
    /// Seconds.
    public var healthcheckTimeout: Double?
    /// `ExposedPorts` keys (`8000/tcp`), sorted.
    public var exposedPorts: [String]
    /// `Labels`.
    public var labels: [String: String]
    /// Names of `Env` variables (values are not kept).
    public var environment: [String]
    /// `Cmd`.
    public var cmd: [String]?
    /// `Entrypoint`.
    public var entrypoint: [String]?
    /// `WorkingDir`.
    public var workdir: String?

    /// Creates config facts.
    public init(
        user: String? = nil, healthcheck: [String]? = nil, healthcheckInterval: Double? = nil, healthcheckTimeout: Double? = nil,
        exposedPorts: [String] = [], labels: [String: String] = [:], environment: [String] = [], cmd: [String]? = nil,
        entrypoint: [String]? = nil, workdir: String? = nil
    ) {
        self.user = user
        self.healthcheck = healthcheck
        self.healthcheckInterval = healthcheckInterval
        self.healthcheckTimeout = healthcheckTimeout
        self.exposedPorts = exposedPorts
        self.labels = labels
        self.environment = environment
        self.cmd = cmd
        self.entrypoint = entrypoint
        self.workdir = workdir
    }
}

/// One build, from a BuildKit `--progress=plain` log.
public struct BuildTiming: Sendable, Hashable, Codable {
    /// The log file.
    public var source: String
    /// Wall time from the first step's start to the last step's end, in seconds (sum of step times when the
    /// log has no timestamps).
    public var totalSeconds: Double
    /// Steps in log order.
    public var steps: [BuildStep]

    /// Creates a build timing.
    public init(source: String, totalSeconds: Double, steps: [BuildStep]) {
        self.source = source
        self.totalSeconds = totalSeconds
        self.steps = steps
    }

    /// Whether every Dockerfile step came from the cache. `FROM` steps are left out: BuildKit reports them as
    /// `DONE 0.0s`, never `CACHED`.
    public var isFullyCached: Bool {
        let dockerfileSteps = steps.filter { $0.stage != nil && !$0.name.contains("] FROM ") }
        return !dockerfileSteps.isEmpty && dockerfileSteps.allSatisfy(\.isCached)
    }
}

/// One `#N [stage k/n] INSTRUCTION` step.
public struct BuildStep: Sendable, Hashable, Codable {
    /// The step number (`#12`).
    public var number: Int
    /// The step name as printed (`[builder 5/6] RUN pip install …`).
    public var name: String
    /// The stage (`builder`), for Dockerfile steps.
    public var stage: String?
    /// Seconds from `DONE`, 0 when cached.
    public var seconds: Double
    /// Whether the step printed `CACHED`.
    public var isCached: Bool
    /// Line of the log where the step starts.
    public var line: Int

    /// Creates a step.
    public init(number: Int, name: String, stage: String?, seconds: Double, isCached: Bool, line: Int) {
        self.number = number
        self.name = name
        self.stage = stage
        self.seconds = seconds
        self.isCached = isCached
        self.line = line
    }
}

extension ImageSizes {
    /// Two sizes of the same kind, so a reduction compares like with like: the `docker image inspect` size when
    /// both have it, else uncompressed layers, compressed layers, file content.
    public struct Comparison: Sendable, Hashable {
        /// `reported`, `uncompressed`, `compressed` or `content` (the key under `sizes` in a measurement).
        public var kind: String
        /// The kind in words.
        public var label: String
        /// The baseline's size, `nil` without a baseline.
        public var before: Int64?
        /// The current size.
        public var after: Int64

        /// 1 − after ÷ before from the exact bytes.
        public var reduction: Double? {
            guard let before, before > 0 else { return nil }
            return 1 - Double(after) / Double(before)
        }
    }

    /// The first kind `after` has (and `before` too, when given).
    public static func comparison(before: ImageSizes?, after: ImageSizes) -> Comparison? {
        let kinds: [(String, String, (ImageSizes) -> Int64?)] = [
            ("reported", "docker image inspect size", { $0.reported }),
            ("uncompressed", "uncompressed layers", { $0.uncompressed }),
            ("compressed", "compressed layers", { $0.compressed }),
            ("content", "file content", { $0.content }),
        ]
        for (kind, label, value) in kinds {
            guard let current = value(after) else { continue }
            if let before {
                if let old = value(before) { return Comparison(kind: kind, label: label, before: old, after: current) }
            } else {
                return Comparison(kind: kind, label: label, before: nil, after: current)
            }
        }
        return nil
    }
}
