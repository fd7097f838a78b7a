import Foundation

/// What the image's metadata files say: layer blobs in order, their digests, the config, the tag.
struct ImageManifest {
    struct Layer {
        /// Entry path in the archive or blob path in the layout.
        var path: String
        /// `sha256:` the blob must have, when known.
        var digest: String?
        /// Whether the blob is compressed (gzip/zstd media type).
        var isCompressed: Bool
    }

    var format: String
    var tag: String?
    var configPath: String
    /// The digest the configuration must have, when the layout names it by digest.
    var configDigest: String?
    var layers: [Layer]
}

/// The parts of an image configuration docsgen reads.
struct ImageConfigFile: Decodable {
    struct Config: Decodable {
        var User: String?
        var ExposedPorts: [String: AnyDecodable]?
        var Env: [String]?
        var Cmd: [String]?
        var Entrypoint: [String]?
        var WorkingDir: String?
        var Labels: [String: String]?
        var Healthcheck: Healthcheck?
    }

    struct Healthcheck: Decodable {
        var Test: [String]?
        var Interval: Int64?
        var Timeout: Int64?
    }

    struct RootFS: Decodable {
        var diff_ids: [String]?
    }

    struct History: Decodable {
        var created_by: String?
        var empty_layer: Bool?
    }

    var config: Config?
    var rootfs: RootFS?
    var history: [History]?
}

/// Accepts any JSON value (for `ExposedPorts` values, which are empty objects).
struct AnyDecodable: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// `manifest.json` of `docker save`.
struct DockerSaveManifest: Decodable {
    var Config: String
    var RepoTags: [String]?
    var Layers: [String]
}

/// OCI `index.json` and image manifest.
struct OCIIndex: Decodable {
    struct Descriptor: Decodable {
        struct Platform: Decodable {
            var architecture: String?
            var os: String?
        }

        var mediaType: String?
        var digest: String
        var size: Int64?
        var annotations: [String: String]?
        var platform: Platform?
    }

    var manifests: [Descriptor]
}

struct OCIImageManifest: Decodable {
    var config: OCIIndex.Descriptor
    var layers: [OCIIndex.Descriptor]
}
