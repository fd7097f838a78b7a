/// The contents of `docsgen.yml`: what to read and which documents to write.
///
/// Paths are relative to the folder holding `docsgen.yml` (the project root).
public struct ProjectConfig: Sendable, Hashable, Codable {
    /// A Dockerfile to gather facts from.
    public struct DockerfileEntry: Sendable, Hashable, Codable {
        /// The name documents use for the image (`backend`).
        public var name: String
        /// Path of the Dockerfile.
        public var path: String
        /// Build arguments, as `docker build --build-arg` would pass them. A name no `ARG` declares stands for a
        /// variable of the base image's environment (`USER $APP_UID`), which `docker build` never overrides.
        public var args: [String: String]
        /// The stage to document as the image, as `docker build --target` selects it.
        public var target: String?

        /// Creates an entry.
        public init(name: String, path: String, args: [String: String] = [:], target: String? = nil) {
            self.name = name
            self.path = path
            self.args = args
            self.target = target
        }
    }

    /// A plugin to run, with its options.
    public struct PluginEntry: Sendable, Hashable, Codable {
        /// The plugin name (`optimization-guide`).
        public var name: String
        /// Plugin options.
        public var options: [String: String]
        /// For an external plugin: the program and its arguments (`[python3, plugins/notes.py]`), run without a shell.
        public var run: [String]?
        /// For an external plugin: seconds before it is stopped.
        public var timeout: Double
        /// Where the entry is written in docsgen.yml.
        public var location: SourceLocation?

        /// Default seconds an external plugin may run.
        public static let defaultTimeout: Double = 60

        /// Creates an entry.
        public init(name: String, options: [String: String] = [:], run: [String]? = nil, timeout: Double = PluginEntry.defaultTimeout, location: SourceLocation? = nil) {
            self.name = name
            self.options = options
            self.run = run
            self.timeout = timeout
            self.location = location
        }
    }

    /// How to read the compose project.
    public struct ComposeEntry: Sendable, Hashable, Codable {
        /// Compose files, merged in order.
        public var files: [String]
        /// Env files used for interpolation; `nil` means `.env` next to the first compose file, if present.
        public var envFiles: [String]?
        /// Variables whose values may appear in documents; all others are shown by name only.
        public var publicVariables: [String]
        /// Active profiles.
        public var profiles: [String]
        /// Whether the process environment takes part in interpolation, as in `docker compose`
        /// (off by default: documents must not depend on the machine that builds them).
        public var inheritEnvironment: Bool

        /// Creates an entry.
        public init(
            files: [String], envFiles: [String]? = nil, publicVariables: [String] = [], profiles: [String] = [],
            inheritEnvironment: Bool = false
        ) {
            self.files = files
            self.envFiles = envFiles
            self.publicVariables = publicVariables
            self.profiles = profiles
            self.inheritEnvironment = inheritEnvironment
        }
    }

    /// What the completion report states about the task, and which files it lists.
    public struct CompletionEntry: Sendable, Hashable, Codable {
        /// A file the task delivered that docsgen does not otherwise read (a build script, say).
        public struct FileEntry: Sendable, Hashable, Codable {
            /// Path, relative to the project root.
            public var path: String
            /// What the file is for, in words.
            public var role: String
            /// Where the entry's `path` is written.
            public var location: SourceLocation?

            /// Creates an entry.
            public init(path: String, role: String, location: SourceLocation? = nil) {
                self.path = path
                self.role = role
                self.location = location
            }
        }

        /// Header values (`task`, `title`, `engineer`, `date`) with the place each is written.
        public var header: [String: LocatedValue]
        /// Git revision the files are compared with (`completion.since`).
        public var since: LocatedValue?
        /// Extra deliverables.
        public var files: [FileEntry]
        /// The lowest vulnerability severity that fails the scanning check (`CRITICAL` unless set).
        public var failOn: String

        /// Creates an entry.
        public init(header: [String: LocatedValue] = [:], since: LocatedValue? = nil, files: [FileEntry] = [], failOn: String = "CRITICAL") {
            self.header = header
            self.since = since
            self.files = files
            self.failOn = failOn
        }
    }

    /// Title of the project, shown in every document.
    public var project: String
    /// Folder the documents are written to.
    public var output: String
    /// Dockerfiles, in the order documents list them.
    public var dockerfiles: [DockerfileEntry]
    /// The compose project, if any.
    public var compose: ComposeEntry?
    /// nginx main configuration files whose `add_header` directives are reported.
    public var nginx: [String]
    /// Folder of recorded image measurements (read by a later version).
    public var measurements: String?
    /// Folder of prose pages (read by a later version).
    public var pages: String?
    /// Plugins to run, in navigation order.
    public var plugins: [PluginEntry]
    /// The release the documents describe; `nil` means the newest recorded one.
    public var release: String?
    /// Settings of the completion report.
    public var completion: CompletionEntry?
    /// Where `docsgen publish` sends the documents (`publish:`).
    public var publish: [PublishTarget] = []
    /// How much a noisy fact may change before `docsgen check` fails (`check.tolerances`).
    public var tolerances: [Tolerance] = []
    /// Where values are written in `docsgen.yml`, by key: `project`, `release`, `dockerfiles.NAME` (its
    /// `path`), so diagnostics and citations point at the line rather than the file's start.
    public var locations: [String: SourceLocation] = [:]

    /// Creates a configuration.
    public init(
        project: String, output: String = "Output", dockerfiles: [DockerfileEntry], compose: ComposeEntry? = nil,
        nginx: [String] = [], measurements: String? = nil, pages: String? = nil, plugins: [PluginEntry],
        release: String? = nil, completion: CompletionEntry? = nil
    ) {
        self.project = project
        self.output = output
        self.dockerfiles = dockerfiles
        self.compose = compose
        self.nginx = nginx
        self.measurements = measurements
        self.pages = pages
        self.plugins = plugins
        self.release = release
        self.completion = completion
    }
}

/// A configuration value with the place it is written, so a document can cite `docsgen.yml:12:10`.
public struct LocatedValue: Sendable, Hashable, Codable {
    /// The value.
    public var value: String
    /// Where it is written.
    public var location: SourceLocation

    /// Creates a located value.
    public init(_ value: String, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// A fact whose value may drift within a bound without failing `docsgen check`: build times, say.
///
/// ```yaml
/// check:
///   tolerances:
///     - facts: "images.*.build-*.seconds"   # glob over fact keys (`*` matches anything)
///       within: 20%                         # of the committed value
/// ```
public struct Tolerance: Sendable, Hashable, Codable {
    /// Glob over fact keys.
    public var facts: String
    /// The largest relative change allowed (0.2 for 20 %).
    public var within: Double
    /// Where the entry is written.
    public var location: SourceLocation?

    /// Creates a tolerance.
    public init(facts: String, within: Double, location: SourceLocation? = nil) {
        self.facts = facts
        self.within = within
        self.location = location
    }

    /// Whether the tolerance covers the fact `key`.
    public func covers(_ key: String) -> Bool { Glob.matches(pattern: facts, name: key) }

    /// Whether a fact shown as `old` and now as `new` changed by at most ``within``: both must read as
    /// numbers of the same kind (sizes, durations, percentages, plain numbers); anything else is not tolerated.
    public func allows(old: String, new: String) -> Bool {
        guard let before = Self.quantity(old), let after = Self.quantity(new), before.unit == after.unit else { return false }
        if before.value == after.value { return true }
        guard before.value != 0 else { return false }
        return abs(after.value - before.value) / abs(before.value) <= within + 1e-9
    }

    /// A displayed value as a number and the kind of unit it is in: `359 MB` → (359e6, "B"),
    /// `5m0.9s` → (300.9, "s"), `62.2 %` → (62.2, "%"), `12` → (12, "").
    public static func quantity(_ text: String) -> (value: Double, unit: String)? {
        var text = text.trimmingCharacters(in: .whitespaces)
        var sign = 1.0
        if text.hasPrefix("−") || text.hasPrefix("-") { sign = -1; text.removeFirst() } else if text.hasPrefix("+") || text.hasPrefix("±") { text.removeFirst() }
        if let number = Double(text) { return (sign * number, "") }
        if text.hasSuffix(" %"), let number = Double(text.dropLast(2)) { return (sign * number, "%") }
        let sizes: [(String, Double)] = [(" PB", 1e15), (" TB", 1e12), (" GB", 1e9), (" MB", 1e6), (" kB", 1e3), (" B", 1)]
        for (suffix, factor) in sizes where text.hasSuffix(suffix) {
            if let number = Double(text.dropLast(suffix.count)) { return (sign * number * factor, "B") }
        }
        // Go-style durations as Format.duration writes them: 1h2m3.5s, 5m0.9s, 30s.
        var seconds = 0.0, digits = "", matched = false
        for character in text {
            if character.isNumber || character == "." { digits.append(character); continue }
            guard let number = Double(digits) else { return nil }
            switch character {
            case "h": seconds += number * 3600
            case "m": seconds += number * 60
            case "s": seconds += number
            default: return nil
            }
            digits = ""
            matched = true
        }
        return matched && digits.isEmpty ? (sign * seconds, "s") : nil
    }
}

/// A wiki `docsgen publish` writes to.
///
/// ```yaml
/// publish:
///   - name: wiki
///     kind: git-wiki
///     url: https://gitlab.example.com/platform/thebot.wiki.git   # file:// and git:// work too
///     flavor: gitlab            # gitlab | github | gitea | azure
///     branch: main              # default: the remote's default branch
///     folder: containers        # optional sub-folder of the wiki
///     token-env: WIKI_TOKEN     # optional: the variable holding the token (never the token itself)
/// ```
public struct PublishTarget: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case gitWiki = "git-wiki", confluence }
    public enum Flavor: String, Sendable, Hashable, Codable, CaseIterable { case gitlab, github, gitea, azure }

    public var name: String
    public var kind: Kind
    /// git-wiki: the repository URL.
    public var url: String?
    public var flavor: Flavor
    public var branch: String?
    public var folder: String?
    /// The environment variable holding the token.
    public var tokenEnv: String?
    /// The user name sent with the token over HTTP(S) (GitLab: `oauth2`, the default; GitHub accepts any).
    public var username: String
    /// confluence: the site, the space key, the parent page's title.
    public var baseURL: String?
    public var space: String?
    public var parentPage: String?
    /// confluence: the REST API, `v1` (Server/Data Center, the default) or `v2` (Cloud's pages API).
    public var api: String = "v1"
    /// Seconds a network step may take.
    public var timeout: Double
    public var location: SourceLocation?

    public init(name: String, kind: Kind, url: String? = nil, flavor: Flavor = .gitlab, branch: String? = nil, folder: String? = nil,
                tokenEnv: String? = nil, username: String = "oauth2", baseURL: String? = nil, space: String? = nil,
                parentPage: String? = nil, timeout: Double = 60, location: SourceLocation? = nil) {
        self.name = name
        self.kind = kind
        self.url = url
        self.flavor = flavor
        self.branch = branch
        self.folder = folder
        self.tokenEnv = tokenEnv
        self.username = username
        self.baseURL = baseURL
        self.space = space
        self.parentPage = parentPage
        self.timeout = timeout
        self.location = location
    }
}
