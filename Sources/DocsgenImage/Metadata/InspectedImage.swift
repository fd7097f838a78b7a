import DocsgenCore

/// What `docker image inspect` says about one image, as ``DockerInspectReader`` reads it.
public struct InspectedImage: Sendable, Hashable, Codable {
    /// `Id`: `sha256:` of the image configuration.
    public var id: String?
    /// The first entry of `RepoTags` (`thebot-backend:1.0.0`); `nil` for an untagged image.
    public var tag: String?
    /// `Size`: bytes of the unpacked layers as the daemon counts them (``ImageSizes/reported``).
    public var reportedSize: Int64?
    /// `Config`, with environment variable names only.
    public var config: ImageConfigFacts?
    /// `RootFS.Layers`: the `sha256:` diff IDs of the file-system layers, bottom first.
    public var diffIDs: [String]
    /// `RepoDigests`: `repository@sha256:…` per registry that holds the image.
    public var repoDigests: [String]

    /// Creates inspected facts.
    ///
    /// - Parameters:
    ///   - id: The image ID.
    ///   - tag: The first repository tag.
    ///   - reportedSize: `Size` in bytes.
    ///   - config: The runtime configuration.
    ///   - diffIDs: Layer diff IDs, bottom first.
    ///   - repoDigests: `RepoDigests`.
    public init(id: String?, tag: String?, reportedSize: Int64?, config: ImageConfigFacts?, diffIDs: [String], repoDigests: [String] = []) {
        self.repoDigests = repoDigests
        self.id = id
        self.tag = tag
        self.reportedSize = reportedSize
        self.config = config
        self.diffIDs = diffIDs
    }
}
