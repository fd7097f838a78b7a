/// All facts gathered for a project: the input of every plugin and the content of `facts.json`.
public struct ProjectFacts: Sendable, Hashable, Codable {
    /// Version of the public facts format. Bump it when a key changes meaning or disappears.
    public static let currentSchemaVersion = 1

    /// The facts format version (``currentSchemaVersion``).
    public var schemaVersion: Int
    /// The project title from `docsgen.yml`.
    public var project: String
    /// The release the documents describe (`docsgen build --release` or `release:` in `docsgen.yml`);
    /// `nil` means the newest recorded release of each image.
    public var release: String?
    /// Facts from each configured Dockerfile, in configuration order.
    public var dockerfiles: [DockerfileFacts]
    /// The resolved compose project, when compose files are configured.
    public var compose: ComposeFacts?
    /// nginx configurations, in configuration order.
    public var nginx: [NginxFacts]
    /// `.dockerignore` files of the build contexts.
    public var dockerignores: [DockerignoreFacts]
    /// Recorded image measurements, by image name, then baseline first, then by release.
    public var images: [ImageMeasurement]
    /// Files the project delivers (inputs docsgen reads and `completion.files`), with line counts and, when
    /// `completion.since` is set, their change since that revision.
    public var files: [ProjectFile]
    /// The completion report's settings from `docsgen.yml`.
    public var completion: CompletionFacts?
    /// Problems found while gathering. In `Output/facts.json` only warnings (errors stop a build before
    /// anything is written); `docsgen facts --json` lists errors too.
    public var diagnostics: [Diagnostic]

    /// Creates a facts value.
    public init(
        project: String, release: String? = nil, dockerfiles: [DockerfileFacts], compose: ComposeFacts? = nil, nginx: [NginxFacts] = [],
        dockerignores: [DockerignoreFacts] = [], images: [ImageMeasurement] = [], files: [ProjectFile] = [],
        completion: CompletionFacts? = nil, diagnostics: [Diagnostic]
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.project = project
        self.release = release
        self.dockerfiles = dockerfiles
        self.compose = compose
        self.nginx = nginx
        self.dockerignores = dockerignores
        self.images = images
        self.files = files
        self.completion = completion
        self.diagnostics = diagnostics
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, project, release, dockerfiles, compose, nginx, dockerignores, images, files, completion, diagnostics
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(project, forKey: .project)
        try c.encode(release, forKey: .release)
        try c.encode(dockerfiles, forKey: .dockerfiles)
        try c.encode(compose, forKey: .compose)
        try c.encode(nginx, forKey: .nginx)
        try c.encode(dockerignores, forKey: .dockerignores)
        try c.encode(images, forKey: .images)
        try c.encode(files, forKey: .files)
        try c.encode(completion, forKey: .completion)
        try c.encode(diagnostics, forKey: .diagnostics)
    }
}

extension ProjectFacts {
    /// The measurements of image `name` the documents describe: its baseline and its releases oldest first
    /// (`1.9.0` before `1.10.0`), none newer than ``release`` when one is selected.
    public func measurements(of name: String) -> (baseline: ImageMeasurement?, releases: [ImageMeasurement]) {
        let limit = release.map { VersionOrder.key($0) }
        let mine = images.filter { $0.name == name }
        let releases = mine.filter { measurement in
            !measurement.isBaseline && (limit.map { VersionOrder.key(measurement.release) <= $0 } ?? true)
        }
            .sorted { VersionOrder.key($0.release) < VersionOrder.key($1.release) }
        return (mine.first(where: \.isBaseline), releases)
    }
}
