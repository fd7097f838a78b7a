import Yams

/// Reads `docsgen.yml` into a ``ProjectConfig``, reporting every problem with its line and column.
public struct ConfigLoader: Sendable {
    /// The file name docsgen looks for.
    public static let fileName = "docsgen.yml"

    private static let topLevelKeys = ["project", "output", "dockerfiles", "compose", "nginx", "measurements", "pages", "plugins", "release", "completion", "check", "publish"]
    private static let publishKeys = ["name", "kind", "url", "flavor", "branch", "folder", "token-env", "username", "base-url", "space", "parent-page", "timeout", "api"]
    private static let completionKeys = ["task", "title", "engineer", "date", "since", "files", "fail-on"]
    private static let severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
    private static let composeKeys = ["files", "env-files", "public", "profiles", "inherit-environment"]

    /// Creates a loader.
    public init() {}

    /// Parses configuration text.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The file's path as diagnostics should show it.
    /// - Returns: The configuration, or `nil` with diagnostics explaining why.
    public func load(_ text: String, file: String) -> (ProjectConfig?, [Diagnostic]) {
        var reader = NodeReader(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                reader.fail("the configuration is empty; it needs at least `project` and `dockerfiles`", id: "config.empty", line: 1, column: 1)
                return (nil, reader.diagnostics)
            }
            root = node
        } catch let error as YamlError {
            reader.yamlError(error)
            return (nil, reader.diagnostics)
        } catch {
            reader.fail("cannot read the configuration: \(error)", id: "config.syntax", line: 1, column: 1)
            return (nil, reader.diagnostics)
        }
        guard let map = reader.mapping(root, what: "the configuration") else { return (nil, reader.diagnostics) }
        reader.checkKeys(map, allowed: Self.topLevelKeys, in: "docsgen.yml")

        let project = reader.requiredString(map, "project") ?? ""
        let output = reader.optionalString(map, "output") ?? "Output"
        var dockerfiles: [ProjectConfig.DockerfileEntry] = []
        if let list = reader.requiredSequence(map, "dockerfiles") {
            for item in list {
                guard let entry = reader.mapping(item, what: "a dockerfiles entry") else { continue }
                reader.checkKeys(entry, allowed: ["name", "path", "args", "target"], in: "a dockerfiles entry")
                guard let name = reader.requiredString(entry, "name"), let path = reader.requiredString(entry, "path") else {
                    continue
                }
                if dockerfiles.contains(where: { $0.name == name }) {
                    reader.fail("duplicate Dockerfile name '\(name)'", id: "config.duplicate-name", at: item)
                }
                if !Self.isValidName(name) {
                    reader.fail(
                        "invalid name '\(name)': use lower-case letters, digits and '-' (it becomes part of fact keys)",
                        id: "config.invalid-name", at: item)
                }
                let args = reader.stringMap(entry, "args")
                dockerfiles.append(.init(name: name, path: path, args: args, target: reader.optionalString(entry, "target")))
            }
        }
        var compose: ProjectConfig.ComposeEntry?
        if let node = map["compose"] {
            if case .sequence = node {
                compose = .init(files: reader.stringList(map, "compose"))
            } else if let entry = reader.mapping(node, what: "'compose'") {
                reader.checkKeys(entry, allowed: Self.composeKeys, in: "compose")
                let files = entry["files"] != nil ? reader.stringList(entry, "files") : []
                if files.isEmpty {
                    reader.fail("'compose' needs at least one file under 'files'", id: "config.missing-key", at: node)
                }
                compose = .init(
                    files: files, envFiles: entry["env-files"] != nil ? reader.stringList(entry, "env-files") : nil,
                    publicVariables: reader.stringList(entry, "public"), profiles: reader.stringList(entry, "profiles"),
                    inheritEnvironment: reader.optionalString(entry, "inherit-environment").map { ["true", "yes", "on"].contains($0.lowercased()) } ?? false)
            }
        }
        let nginx = reader.stringList(map, "nginx")
        let measurements = reader.optionalString(map, "measurements")
        let pages = reader.optionalString(map, "pages")
        var plugins: [ProjectConfig.PluginEntry] = []
        if let list = reader.requiredSequence(map, "plugins") {
            for item in list {
                if let name = item.string, item.scalar != nil {
                    plugins.append(.init(name: name))
                } else if let entry = reader.mapping(item, what: "a plugins entry") {
                    reader.checkKeys(entry, allowed: ["name", "options", "run", "timeout"], in: "a plugins entry")
                    guard let name = reader.requiredString(entry, "name") else { continue }
                    let location = SourceLocation(file: reader.file, line: item.mark?.line ?? 1, column: item.mark?.column ?? 1)
                    var run: [String]?
                    if let node = entry["run"] {
                        run = reader.stringList(entry, "run")
                        if run?.isEmpty != false || run?.first?.isEmpty == true {
                            reader.fail("'run' must list the program and its arguments, e.g. [python3, plugins/notes.py]", id: "config.type", at: node)
                        }
                        if !Self.isValidName(name) {
                            reader.fail("invalid plugin name '\(name)': use lower-case letters, digits and '-'", id: "config.invalid-name", at: item)
                        }
                    }
                    var timeout = ProjectConfig.PluginEntry.defaultTimeout
                    if let value = reader.located(entry, "timeout") {
                        if let seconds = Self.seconds(value.value), seconds > 0, seconds <= 3600 {
                            timeout = seconds
                        } else {
                            reader.fail("'timeout' must be a duration up to 1 hour such as 30s, 2m or 90", id: "config.invalid-value",
                                        line: value.location.line, column: value.location.column)
                        }
                        if run == nil { reader.fail("'timeout' applies only to an external plugin (with 'run')", id: "config.invalid-value", line: value.location.line, column: value.location.column) }
                    }
                    plugins.append(.init(name: name, options: reader.stringMap(entry, "options"), run: run, timeout: timeout, location: location))
                }
            }
        }
        let release = reader.optionalString(map, "release")
        var completion: ProjectConfig.CompletionEntry?
        if let node = map["completion"], let entry = reader.mapping(node, what: "'completion'") {
            reader.checkKeys(entry, allowed: Self.completionKeys, in: "completion")
            var header: [String: LocatedValue] = [:]
            for key in ["task", "title", "engineer", "date"] {
                if let value = reader.located(entry, key) { header[key] = value }
            }
            var files: [ProjectConfig.CompletionEntry.FileEntry] = []
            if let list = entry["files"] {
                if case let .sequence(items) = list {
                    for item in items {
                        guard let file = reader.mapping(item, what: "a completion.files entry") else { continue }
                        reader.checkKeys(file, allowed: ["path", "role"], in: "a completion.files entry")
                        if let path = reader.located(file, "path"), let role = reader.requiredString(file, "role") {
                            if let problem = Self.pathProblem(path.value) {
                                reader.fail("completion.files path '\(path.value)' \(problem)", id: "config.invalid-path",
                                            line: path.location.line, column: path.location.column)
                            }
                            files.append(.init(path: path.value, role: role, location: path.location))
                        } else if file["path"] == nil {
                            reader.fail("missing required key 'path'", id: "config.missing-key", at: item)
                        }
                    }
                } else {
                    reader.fail("'files' must be a list", id: "config.type", at: list)
                }
            }
            var failOn = "CRITICAL"
            if let value = reader.located(entry, "fail-on") {
                failOn = value.value.uppercased()
                if !Self.severities.contains(failOn) {
                    reader.fail("'fail-on' must be one of \(Self.severities.joined(separator: ", "))", id: "config.invalid-value", line: value.location.line, column: value.location.column)
                }
            }
            completion = .init(header: header, since: reader.located(entry, "since"), files: files, failOn: failOn)
        }
        var tolerances: [Tolerance] = []
        if let node = map["check"], let entry = reader.mapping(node, what: "'check'") {
            reader.checkKeys(entry, allowed: ["tolerances"], in: "check")
            if let list = entry["tolerances"] {
                if case let .sequence(items) = list {
                    for item in items {
                        guard let tolerance = reader.mapping(item, what: "a check.tolerances entry") else { continue }
                        reader.checkKeys(tolerance, allowed: ["facts", "within"], in: "a check.tolerances entry")
                        guard let facts = reader.requiredString(tolerance, "facts"), let within = reader.located(tolerance, "within") else {
                            if tolerance["within"] == nil { reader.fail("missing required key 'within'", id: "config.missing-key", at: item) }
                            continue
                        }
                        let text = within.value.trimmingCharacters(in: .whitespaces)
                        guard text.hasSuffix("%"), let percent = Double(text.dropLast().trimmingCharacters(in: .whitespaces)), percent >= 0, percent <= 100 else {
                            reader.fail("'within' must be a percentage such as 20%", id: "config.invalid-value", line: within.location.line, column: within.location.column)
                            continue
                        }
                        tolerances.append(Tolerance(facts: facts, within: percent / 100,
                                                    location: SourceLocation(file: reader.file, line: item.mark?.line ?? 1, column: item.mark?.column ?? 1)))
                    }
                } else {
                    reader.fail("'tolerances' must be a list", id: "config.type", at: list)
                }
            }
        }
        var publish: [PublishTarget] = []
        if let node = map["publish"] {
            if case let .sequence(items) = node {
                for item in items {
                    guard let entry = reader.mapping(item, what: "a publish entry") else { continue }
                    let location = SourceLocation(file: reader.file, line: item.mark?.line ?? 1, column: item.mark?.column ?? 1)
                    reader.checkKeys(entry, allowed: Self.publishKeys, in: "a publish entry")
                    guard let name = reader.requiredString(entry, "name"), let kindText = reader.located(entry, "kind") else {
                        if entry["kind"] == nil { reader.fail("missing required key 'kind' (git-wiki or confluence)", id: "config.missing-key", at: item) }
                        continue
                    }
                    guard let kind = PublishTarget.Kind(rawValue: kindText.value) else {
                        reader.fail("'kind' must be git-wiki or confluence", id: "config.invalid-value", line: kindText.location.line, column: kindText.location.column)
                        continue
                    }
                    if publish.contains(where: { $0.name == name }) { reader.fail("duplicate publish target '\(name)'", id: "config.duplicate-name", at: item) }
                    var target = PublishTarget(name: name, kind: kind, location: location)
                    target.url = reader.optionalString(entry, "url")
                    target.branch = reader.optionalString(entry, "branch")
                    target.folder = reader.optionalString(entry, "folder")
                    target.tokenEnv = reader.optionalString(entry, "token-env")
                    target.username = reader.optionalString(entry, "username") ?? "oauth2"
                    target.baseURL = reader.optionalString(entry, "base-url")
                    target.space = reader.optionalString(entry, "space")
                    target.parentPage = reader.optionalString(entry, "parent-page")
                    if let flavor = reader.located(entry, "flavor") {
                        if let value = PublishTarget.Flavor(rawValue: flavor.value) { target.flavor = value } else {
                            reader.fail("'flavor' must be one of gitlab, github, gitea, azure", id: "config.invalid-value", line: flavor.location.line, column: flavor.location.column)
                        }
                    }
                    if let api = reader.located(entry, "api") {
                        if api.value == "v1" || api.value == "v2" { target.api = api.value } else {
                            reader.fail("'api' must be v1 or v2", id: "config.invalid-value", line: api.location.line, column: api.location.column)
                        }
                    }
                    if let timeout = reader.located(entry, "timeout") {
                        if let seconds = Self.seconds(timeout.value), seconds > 0, seconds <= 3600 { target.timeout = seconds } else {
                            reader.fail("'timeout' must be a duration up to 1 hour such as 30s", id: "config.invalid-value", line: timeout.location.line, column: timeout.location.column)
                        }
                    }
                    if let folder = target.folder, let problem = Self.pathProblem(folder) {
                        reader.fail("publish folder '\(folder)' \(problem)", id: "config.invalid-path", at: item)
                    }
                    if let variable = target.tokenEnv, variable.isEmpty || !variable.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                        reader.fail("'token-env' names an environment variable (WIKI_TOKEN), not a token", id: "config.invalid-value", at: item)
                    }
                    switch kind {
                    case .gitWiki where target.url == nil:
                        reader.fail("a git-wiki target needs 'url'", id: "config.missing-key", at: item)
                    case .confluence where target.baseURL == nil || target.space == nil:
                        reader.fail("a confluence target needs 'base-url' and 'space'", id: "config.missing-key", at: item)
                    default: break
                    }
                    publish.append(target)
                }
            } else {
                reader.fail("'publish' must be a list of targets", id: "config.type", at: node)
            }
        }
        guard !reader.diagnostics.containsErrors else { return (nil, reader.diagnostics) }
        var config = ProjectConfig(
            project: project, output: output, dockerfiles: dockerfiles, compose: compose, nginx: nginx,
            measurements: measurements, pages: pages, plugins: plugins, release: release, completion: completion)
        config.tolerances = tolerances
        config.publish = publish
        for key in ["project", "release"] {
            if let located = reader.located(map, key) { config.locations[key] = located.location }
        }
        for item in map["dockerfiles"]?.sequence ?? [] {
            guard let entry = item.mapping, let name = entry["name"]?.string, let path = entry["path"] else { continue }
            config.locations["dockerfiles.\(name)"] = SourceLocation(file: reader.file, line: path.mark?.line ?? 1, column: path.mark?.column ?? 1)
            if let target = entry["target"] {
                config.locations["dockerfiles.\(name).target"] = SourceLocation(file: reader.file, line: target.mark?.line ?? 1, column: target.mark?.column ?? 1)
            }
            for (key, value) in entry["args"]?.mapping ?? [:] {
                guard let arg = key.string else { continue }
                config.locations["dockerfiles.\(name).args.\(arg)"] = SourceLocation(file: reader.file, line: value.mark?.line ?? 1, column: value.mark?.column ?? 1)
            }
        }
        return (config, reader.diagnostics)
    }

    /// Seconds in `30s`, `2m`, `1h`, `500ms` or a bare number of seconds.
    static func seconds(_ text: String) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces)
        for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(text)
    }

    /// Why a path that must name a file inside the project does not, or `nil`: absolute paths and paths
    /// that climb out with `..` are refused (symbolic links are checked when the file is read).
    public static func pathProblem(_ path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") || path.hasPrefix("~") { return "is absolute; write it relative to the project root" }
        var depth = 0
        for part in path.split(separator: "/") {
            if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
            if depth < 0 { return "leaves the project folder" }
        }
        return nil
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// Walks a composed YAML node tree, turning shape errors into diagnostics.
private struct NodeReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    mutating func fail(_ message: String, id: String, line: Int, column: Int) {
        diagnostics.append(Diagnostic(.error, message, id: id, at: SourceLocation(file: file, line: line, column: column)))
    }

    mutating func fail(_ message: String, id: String, at node: Node) {
        let mark = node.mark
        fail(message, id: id, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func yamlError(_ error: YamlError) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            fail("invalid YAML: \(what)", id: "config.syntax", line: mark.line, column: mark.column)
        case let .composer(context, problem, mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            fail("invalid YAML: \(what)", id: "config.syntax", line: mark.line, column: mark.column)
        default:
            fail("invalid YAML: \(error)", id: "config.syntax", line: 1, column: 1)
        }
    }

    mutating func mapping(_ node: Node, what: String) -> Node.Mapping? {
        if case let .mapping(map) = node { return map }
        fail("\(what) must be a mapping", id: "config.type", at: node)
        return nil
    }

    mutating func checkKeys(_ map: Node.Mapping, allowed: [String], in context: String) {
        for (key, _) in map {
            guard let name = key.string, allowed.contains(name) else {
                let name = key.string ?? "?"
                let hint = allowed.first { $0.hasPrefix(name.prefix(3)) }.map { " (did you mean '\($0)'?)" } ?? ""
                fail("unknown key '\(name)' in \(context)\(hint)", id: "config.unknown-key", at: key)
                continue
            }
        }
    }

    mutating func requiredString(_ map: Node.Mapping, _ key: String) -> String? {
        guard let node = map[key] else {
            fail("missing required key '\(key)'", id: "config.missing-key", line: map.mark?.line ?? 1, column: map.mark?.column ?? 1)
            return nil
        }
        return string(node, key: key)
    }

    mutating func optionalString(_ map: Node.Mapping, _ key: String) -> String? {
        map[key].flatMap { string($0, key: key) }
    }

    mutating func located(_ map: Node.Mapping, _ key: String) -> LocatedValue? {
        guard let node = map[key], let value = string(node, key: key) else { return nil }
        return LocatedValue(value, at: SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1))
    }

    mutating func string(_ node: Node, key: String) -> String? {
        guard let scalar = node.scalar else {
            fail("'\(key)' must be a string", id: "config.type", at: node)
            return nil
        }
        return scalar.string
    }

    mutating func requiredSequence(_ map: Node.Mapping, _ key: String) -> Node.Sequence? {
        guard let node = map[key] else {
            fail("missing required key '\(key)'", id: "config.missing-key", line: map.mark?.line ?? 1, column: map.mark?.column ?? 1)
            return nil
        }
        guard case let .sequence(list) = node else {
            fail("'\(key)' must be a list", id: "config.type", at: node)
            return nil
        }
        return list
    }

    mutating func stringList(_ map: Node.Mapping, _ key: String) -> [String] {
        guard let node = map[key] else { return [] }
        guard case let .sequence(list) = node else {
            fail("'\(key)' must be a list", id: "config.type", at: node)
            return []
        }
        return list.compactMap { string($0, key: key) }
    }

    mutating func stringMap(_ map: Node.Mapping, _ key: String) -> [String: String] {
        guard let node = map[key] else { return [:] }
        guard case let .mapping(inner) = node else {
            fail("'\(key)' must be a mapping", id: "config.type", at: node)
            return [:]
        }
        var result: [String: String] = [:]
        for (k, v) in inner {
            guard let name = k.string, let value = string(v, key: "\(key).\(name)") else { continue }
            result[name] = value
        }
        return result
    }
}
