import DocsgenCore

/// Reads an nginx configuration, with its `include`s, into the headers each server and location sends.
///
/// The reader never touches the file system itself: the caller passes how to read a project file and how an
/// `include` argument (a container path, a glob or a relative path) maps to project files.
///
/// ```swift
/// let reader = NginxConfigReader(
///     readFile: { path in files[path] },
///     resolveInclude: { argument, _ in argument.hasSuffix("security-headers.conf") ? ["nginx/headers.conf"] : [] })
/// let (facts, diagnostics) = reader.read("nginx/default.conf")
/// facts?.servers.first?.locations.first?.headers.map(\.name)   // ["X-Frame-Options", …]
/// ```
///
/// Header inheritance follows nginx: a `server` without `add_header` of its own gets the `http` level's, a
/// `location` without any gets its parent's, and a level with at least one drops all inherited ones. A main
/// file without an `http` block (one that starts with `server {`) is read as if it were the `http` level.
/// `add_header` inside an `if` block of a location applies only when the condition holds; the facts have no place
/// for that, so a location without headers of its own reports its `if` blocks' headers (`setsOwnHeaders`), one
/// with its own reports those, and either way a `nginx.if-add-header` warning points at the `if`.
public struct NginxConfigReader: Sendable {
    /// Most directives (counting each included copy) one configuration may expand to.
    static let maxDirectives = 200_000

    /// How deep `include`s may nest below the main file; deeper ones are skipped with a warning.
    static let maxIncludeDepth = 16

    private let readFile: @Sendable (String) -> String?
    private let resolveInclude: @Sendable (String, String) -> [String]

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - readFile: Project-relative path → contents, `nil` when the file is missing.
    ///   - resolveInclude: The argument of an `include` directive (an absolute container path such as
    ///     `/etc/nginx/snippets/security-headers.conf`, a glob like `/etc/nginx/conf.d/*.conf`, or a relative
    ///     path) and the project-relative path of the including file → the project-relative files it stands
    ///     for, sorted; `[]` when unknown.
    public init(
        readFile: @escaping @Sendable (String) -> String?,
        resolveInclude: @escaping @Sendable (String, String) -> [String]
    ) {
        self.readFile = readFile
        self.resolveInclude = resolveInclude
    }

    /// Reads a main configuration file and everything it includes.
    ///
    /// Includes that resolve to no file are skipped without a diagnostic (the caller decides whether that
    /// matters); include cycles and includes nested deeper than 16 levels are skipped with a warning.
    ///
    /// - Parameter path: The main file, relative to the project root.
    /// - Returns: The facts, `nil` when a file has a syntax error (`nginx.syntax`) or the main file cannot be
    ///   read (`nginx.read`), and the diagnostics in the order they were found.
    public func read(_ path: String) -> (NginxFacts?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var loader = FileLoader(readFile: readFile)
        guard let main = loader.load(path, diagnostics: &diagnostics) else {
            if !loader.hasSyntaxError {
                diagnostics.append(Diagnostic(
                    .error, "cannot read the nginx configuration \(path)", id: "nginx.read"))
            }
            return (nil, diagnostics)
        }

        let rootIsHTTP = !main.contains { $0.name == "http" && $0.block != nil }
        var tree = NginxScopeTree(file: path, rootIsHTTP: rootIsHTTP)
        var frames = [Frame(directives: main, file: path, chain: [path], closesBlock: false)]
        // Includes may fan out without a cycle (ten files each including the next ten): bound the work.
        var processed = 0
        while var frame = frames.popLast() {
            processed += 1
            guard processed <= Self.maxDirectives else {
                diagnostics.append(Diagnostic(
                    .error, "the configuration expands to more than \(Self.maxDirectives) directives through its includes",
                    id: "nginx.too-large", at: SourceLocation(file: path, line: 1, column: 1)))
                return (nil, diagnostics)
            }
            guard frame.next < frame.directives.count else {
                if frame.closesBlock {
                    tree.exit()
                }
                continue
            }
            let directive = frame.directives[frame.next]
            frame.next += 1
            frames.append(frame)

            let location = SourceLocation(file: frame.file, line: directive.line, column: directive.column)
            if directive.name == "include", directive.block == nil {
                let included = includedFrames(
                    of: directive, at: location, in: frame, loader: &loader, diagnostics: &diagnostics)
                frames.append(contentsOf: included.reversed())
            } else if let block = directive.block {
                tree.enter(directive, at: location)
                frames.append(Frame(directives: block, file: frame.file, chain: frame.chain, closesBlock: true))
            } else {
                tree.add(directive, at: location, diagnostics: &diagnostics)
            }
        }

        guard !loader.hasSyntaxError else { return (nil, diagnostics) }
        let resolved = tree.resolve()
        diagnostics += resolved.diagnostics
        return (NginxFacts(path: path, files: loader.files, servers: resolved.servers), diagnostics)
    }

    /// The frames that splice the files of one `include` in place, in reading order.
    private func includedFrames(
        of directive: NginxDirective, at location: SourceLocation, in frame: Frame,
        loader: inout FileLoader, diagnostics: inout [Diagnostic]
    ) -> [Frame] {
        guard directive.args.count == 1, let argument = directive.args.first else {
            diagnostics.append(Diagnostic(
                .error, "include takes exactly one file name or glob", id: "nginx.include", at: location))
            return []
        }
        var frames: [Frame] = []
        for target in resolveInclude(argument, frame.file) {
            if frame.chain.contains(target) {
                let cycle = (frame.chain + [target]).joined(separator: " → ")
                diagnostics.append(Diagnostic(
                    .warning, "include cycle: \(cycle); the repeated include is skipped",
                    id: "nginx.include-cycle", at: location))
                continue
            }
            guard frame.chain.count <= Self.maxIncludeDepth else {
                diagnostics.append(Diagnostic(
                    .warning, "includes nest deeper than \(Self.maxIncludeDepth) levels; \(target) is skipped",
                    id: "nginx.include-depth", at: location))
                continue
            }
            guard let directives = loader.load(target, diagnostics: &diagnostics) else { continue }
            frames.append(Frame(
                directives: directives, file: target, chain: frame.chain + [target], closesBlock: false))
        }
        return frames
    }

    // MARK: - Walk state

    /// A list of directives being walked: a file's top level, an included file, or a block's body.
    private struct Frame {
        var directives: [NginxDirective]
        var next = 0
        /// The file the directives are written in.
        var file: String
        /// The main file and the includes that led here, outermost first.
        var chain: [String]
        /// Whether the end of this list closes a block (and not an included file).
        var closesBlock: Bool

        init(directives: [NginxDirective], file: String, chain: [String], closesBlock: Bool) {
            self.directives = directives
            self.file = file
            self.chain = chain
            self.closesBlock = closesBlock
        }
    }

    /// Reads and parses each file once, remembering the order in which files were first read.
    private struct FileLoader {
        let readFile: @Sendable (String) -> String?
        /// Files read so far, in order, without duplicates.
        private(set) var files: [String] = []
        /// Whether some file had a syntax error.
        private(set) var hasSyntaxError = false
        private var parsed: [String: [NginxDirective]] = [:]
        private var unusable: Set<String> = []

        init(readFile: @escaping @Sendable (String) -> String?) {
            self.readFile = readFile
        }

        /// The directives of `path`, or `nil` when it is missing or has a syntax error (reported once).
        mutating func load(_ path: String, diagnostics: inout [Diagnostic]) -> [NginxDirective]? {
            if let directives = parsed[path] { return directives }
            guard !unusable.contains(path) else { return nil }
            guard let text = readFile(path) else {
                unusable.insert(path)
                return nil
            }
            files.append(path)
            do {
                let directives = try NginxParser().parse(text)
                parsed[path] = directives
                return directives
            } catch {
                unusable.insert(path)
                hasSyntaxError = true
                diagnostics.append(Diagnostic(
                    .error, error.message, id: "nginx.syntax",
                    at: SourceLocation(file: path, line: error.line, column: error.column)))
                return nil
            }
        }
    }
}
