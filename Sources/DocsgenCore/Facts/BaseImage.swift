/// How precisely a base image reference is pinned.
public enum Pinning: String, Sendable, Hashable, Codable {
    /// `image@sha256:…` (with or without a tag): reproducible.
    case digest
    /// A tag other than `latest`, such as `3.13-alpine3.21`.
    case tag
    /// The `latest` tag, written out.
    case latest
    /// No tag and no digest: Docker pulls `latest`.
    case none

    /// Whether the reference names a fixed version (a digest or a version tag).
    public var isPinned: Bool { self == .digest || self == .tag }
}

/// What a stage's `FROM` refers to.
public struct BaseImage: Sendable, Hashable, Codable {
    /// The reference as written, before substitution.
    public var text: String
    /// The image reference after `ARG` substitution; `nil` for stages and `scratch`.
    public var image: String?
    /// The earlier stage this stage builds on.
    public var stage: Int?
    /// Whether the base is the empty `scratch` image.
    public var scratch: Bool
    /// How the image is pinned; `nil` for stages and `scratch`.
    public var pinning: Pinning?
    /// Variables of ``text`` that no `ARG` before the first `FROM` (nor `docsgen.yml`) defines: BuildKit
    /// substitutes an empty string, so the reference that is pulled is not known from the Dockerfile.
    public var unresolved: [String]

    /// Creates a base-image fact.
    public init(text: String, image: String?, stage: Int?, scratch: Bool, pinning: Pinning?, unresolved: [String] = []) {
        self.text = text
        self.image = image
        self.stage = stage
        self.scratch = scratch
        self.pinning = pinning
        self.unresolved = unresolved
    }

    private enum CodingKeys: String, CodingKey { case text, image, stage, scratch, pinning, unresolved }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        image = try c.decodeIfPresent(String.self, forKey: .image)
        stage = try c.decodeIfPresent(Int.self, forKey: .stage)
        scratch = try c.decode(Bool.self, forKey: .scratch)
        pinning = try c.decodeIfPresent(Pinning.self, forKey: .pinning)
        unresolved = try c.decodeIfPresent([String].self, forKey: .unresolved) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(image, forKey: .image)
        try c.encode(stage, forKey: .stage)
        try c.encode(scratch, forKey: .scratch)
        try c.encode(pinning, forKey: .pinning)
        try c.encode(unresolved, forKey: .unresolved)
    }
}

extension Pinning {
    /// Classifies an image reference such as `python:3.13-alpine3.21`, `alpine@sha256:…`,
    /// `localhost:5000/app` (untagged: `:5000` is a port).
    public init(reference: String) {
        if reference.contains("@") {
            self = .digest
            return
        }
        let lastComponent = reference.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let colon = lastComponent.lastIndex(of: ":") else {
            self = .none
            return
        }
        let tag = lastComponent[lastComponent.index(after: colon)...]
        self = tag.isEmpty ? .none : (tag == "latest" ? .latest : .tag)
    }
}
