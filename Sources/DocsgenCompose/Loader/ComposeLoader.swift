import DocsgenCore

/// Resolves compose files the way `docker compose config` does: env files and interpolation, anchors and
/// merge keys, `include`, override files merged in order, `extends`, profiles, and every short syntax
/// normalised to the long one. Environment values reach the facts only by name unless public.
///
/// ```swift
/// let loader = ComposeLoader { path in try? String(contentsOfFile: root + "/" + path, encoding: .utf8) }
/// let (facts, diagnostics) = loader.load(ComposeOptions(files: ["docker-compose.yml"], defaultName: "app"))
/// ```
public struct ComposeLoader: Sendable {
    /// Deepest chain of `include` or `extends` followed.
    static let nestingLimit = 16
    /// Most compose files one project may read through `include` and `extends.file`. Depth alone does not bound
    /// the work: three includes a level whose paths differ at every level (`infra/` includes `infra/`, through a
    /// symlink to its parent) would be 3¹⁶ files within the nesting limit.
    static let fileLimit = 256
    /// Most bytes the interpolated scalars of one project may add up to: every use of an alias is interpolated
    /// anew, so a long value behind an alias used many times would otherwise fill the memory.
    static let interpolationBudget = 64 << 20

    private let readFile: @Sendable (String) -> String?

    /// Creates a loader reading project-relative paths through `readFile` (`nil` when a file is missing).
    public init(readFile: @escaping @Sendable (String) -> String?) {
        self.readFile = readFile
    }

    /// Loads and resolves the files of `options`.
    ///
    /// - Returns: The facts (`nil` when an error makes them meaningless) and every diagnostic.
    public func load(_ options: ComposeOptions) -> (ComposeFacts?, [Diagnostic]) {
        guard let first = options.files.first else { return (nil, []) }
        var session = LoadSession(readFile: readFile, options: options)
        session.readEnvironment(projectDirectory: ProjectPath.folder(of: first))
        var merged: YAMLValue?
        for file in options.files {
            guard let document = session.document(file, chain: []) else { continue }
            if let base = merged {
                merged = ComposeMerger.merge(base, document, path: []) ?? base
            } else {
                merged = document
            }
        }
        guard let model = merged, !session.diagnostics.containsErrors else { return (nil, session.diagnostics) }
        guard model.entries?.isEmpty == false else {
            // Compose refuses a project that defines nothing ("empty compose file").
            session.error("empty compose file: \(first) defines nothing (no services:, no other key)", id: "compose.empty-file",
                          at: SourceLocation(file: first, line: 1, column: 1))
            return (nil, session.diagnostics)
        }
        // Compose validates after `extends` is applied (and `include`d files are merged in).
        let resolved = session.resolveExtends(model)
        session.validate(resolved)
        guard !session.diagnostics.containsErrors else { return (nil, session.diagnostics) }
        var normaliser = ServiceNormaliser(session: session, projectDirectory: ProjectPath.folder(of: first))
        let facts = normaliser.facts(resolved)
        session = normaliser.session
        guard let facts, !session.diagnostics.containsErrors else { return (nil, session.diagnostics) }
        var validator = ComposeValidator(facts: facts)
        validator.validate()
        let diagnostics = session.diagnostics + validator.diagnostics
        return (diagnostics.containsErrors ? nil : facts, diagnostics)
    }
}

/// State of one load: variables, diagnostics, and which scalars carry hidden values.
struct LoadSession {
    let readFile: @Sendable (String) -> String?
    let options: ComposeOptions
    var interpolator = Interpolator(variables: [:], publicVariables: [])
    var diagnostics: [Diagnostic] = []
    /// Scalars whose interpolated value came from non-public variables, by location.
    var hidden: [SourceLocation: [String]] = [:]
    /// The text as written of every interpolated scalar, by location.
    var templates: [SourceLocation: String] = [:]
    /// What is left of ``ComposeLoader/interpolationBudget``; negative once it was exceeded and reported.
    var interpolationLeft = ComposeLoader.interpolationBudget
    private var documents: [String: YAMLValue] = [:]
    /// Compose files read so far (``ComposeLoader/fileLimit``); past the limit no further file is read.
    private var filesRead = 0

    init(readFile: @escaping @Sendable (String) -> String?, options: ComposeOptions) {
        self.readFile = readFile
        self.options = options
    }

    mutating func error(_ message: String, id: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, id: id, at: location))
    }

    /// Env files, then the process environment on top (it wins in Compose).
    mutating func readEnvironment(projectDirectory: String) {
        var variables: [String: String] = [:]
        let defaultEnv = ProjectPath.join(projectDirectory, ".env")
        let files = options.envFiles ?? (readFile(defaultEnv) != nil ? [defaultEnv] : [])
        for file in files {
            guard let text = readFile(file) else {
                error("cannot read env file \(file)", id: "compose.env-file", at: SourceLocation(file: file, line: 1, column: 1))
                continue
            }
            let inherited = variables.merging(options.processEnvironment) { _, process in process }
            let (parsed, problems) = EnvFile.parse(text, file: file, inherited: inherited)
            diagnostics += problems
            for variable in parsed { variables[variable.name] = variable.value }
        }
        for (name, value) in options.processEnvironment { variables[name] = value }
        interpolator = Interpolator(variables: variables, publicVariables: options.publicVariables)
    }

    /// A file parsed, interpolated and with its `include`s merged in; `nil` after an error.
    mutating func document(_ file: String, chain: [String]) -> YAMLValue? {
        if let cached = documents[file] { return cached }
        let includer = SourceLocation(file: chain.last ?? file, line: 1, column: 1)
        guard !chain.contains(file) else {
            error("include cycle: \((chain + [file]).joined(separator: " → "))", id: "compose.include-cycle", at: includer)
            return nil
        }
        guard chain.count < ComposeLoader.nestingLimit else {
            // One report: past the limit every branch of a fan-out would repeat it.
            guard !diagnostics.contains(where: { $0.id == "compose.include-depth" }) else { return nil }
            error("includes nest deeper than \(ComposeLoader.nestingLimit) files: \((chain + [file]).joined(separator: " → "))",
                  id: "compose.include-depth", at: includer)
            return nil
        }
        guard filesRead < ComposeLoader.fileLimit else {
            if filesRead == ComposeLoader.fileLimit {
                error("the project reads more than \(ComposeLoader.fileLimit) compose files through include and extends; "
                      + "\(file) and every further file are not read (does an include reach its own folder through a symlink?)",
                      id: "compose.too-many-files", at: includer)
                filesRead += 1
            }
            return nil
        }
        filesRead += 1
        guard let text = readFile(file) else {
            error("cannot read compose file \(file)", id: "compose.missing-file", at: includer)
            return nil
        }
        let parts: [YAMLValue]
        do {
            parts = try YAMLReader(file: file).read(text)
        } catch {
            diagnostics.append(error.diagnostic)
            return nil
        }
        // Documents separated by `---` are merged in order, as Compose merges them.
        var parsed = YAMLValue.mapping([], tag: nil, SourceLocation(file: file, line: 1, column: 1))
        for (index, document) in parts.enumerated() {
            guard document.entries != nil else {
                guard document.isNull else {
                    error("the top level of a compose file must be a mapping, not \(document.kindName)", id: "compose.type", at: document.location)
                    return nil
                }
                let line = YAMLReader.documentStart(atOrBefore: document.location.line, in: text)
                error("the top level of a compose file must be a mapping, not an empty document", id: "compose.type",
                      at: SourceLocation(file: file, line: line, column: 1))
                return nil
            }
            parsed = index == 0 ? document : ComposeMerger.merge(parsed, document, path: []) ?? parsed
        }
        var document = interpolate(parsed)
        validateUnmerged(document, isIncluded: !chain.isEmpty)
        document = includeAll(document, file: file, chain: chain + [file])
        documents[file] = document
        return document
    }

    /// The sections an `include`d file contributes to the project.
    static let includedSections = ["services", "networks", "volumes", "secrets", "configs"]

    /// Checks the keys of a file that never reach the merged model: `include` (resolved here) and, in an
    /// included file, every key but the sections it contributes.
    private mutating func validateUnmerged(_ document: YAMLValue, isIncluded: Bool) {
        let unmerged = (document.entries ?? []).filter { entry in
            isIncluded ? !Self.includedSections.contains(entry.key) : entry.key == "include"
        }
        if !unmerged.isEmpty { validate(document.with(entries: unmerged)) }
    }

    /// Checks `model` against the Compose Specification (``ComposeSchema``).
    mutating func validate(_ model: YAMLValue) {
        let session = self
        var validator = SchemaValidator(templates: templates) { session.display($0) ?? "" }
        validator.validate(model, against: ComposeSchema.document)
        diagnostics += validator.diagnostics
    }

    /// A scalar as documents and messages may show it: the text as written when it holds a hidden value.
    func display(_ value: YAMLValue) -> String? {
        guard let text = value.string else { return nil }
        if !options.showValues, hidden[value.location] != nil { return templates[value.location] ?? text }
        return text
    }

    /// Interpolates every scalar value (not keys), remembering templates and hidden variables.
    mutating func interpolate(_ value: YAMLValue) -> YAMLValue {
        switch value {
        case let .scalar(text, isPlain, tag, location):
            guard text.contains("$"), interpolationLeft >= 0 else { return value }
            do {
                let result = try interpolator.interpolate(text)
                interpolationLeft -= result.value.utf8.count
                guard interpolationLeft >= 0 else {
                    self.error(
                        "interpolated values add up to more than \(ComposeLoader.interpolationBudget) bytes (an alias of a long value used many times?)",
                        id: "compose.interpolation-too-long", at: location)
                    return value
                }
                templates[location] = text
                if !result.hiddenVariables.isEmpty { hidden[location] = result.hiddenVariables }
                return .scalar(result.value, isPlain: isPlain, tag: tag, location)
            } catch {
                switch error {
                case let .required(name, message):
                    self.error("required variable \(name) is not set: \(message)", id: "compose.required-variable", at: location)
                case let .invalid(message):
                    self.error("\(message) in \"\(text)\"", id: "compose.invalid-interpolation", at: location)
                case .tooLong:
                    self.error(
                        "the variables in \"\(text)\" add up to more than \(Interpolator.insertedLimit) bytes",
                        id: "compose.interpolation-too-long", at: location)
                }
            }
            return value
        case let .sequence(items, tag, location):
            var result: [YAMLValue] = []
            result.reserveCapacity(items.count)
            for item in items { result.append(interpolate(item)) }
            return .sequence(result, tag: tag, location)
        case let .mapping(entries, tag, location):
            var result: [YAMLValue.Entry] = []
            result.reserveCapacity(entries.count)
            for entry in entries {
                result.append(.init(key: entry.key, keyLocation: entry.keyLocation, value: interpolate(entry.value)))
            }
            return .mapping(result, tag: tag, location)
        }
    }

    /// Merges `include:`d files into `document`; a resource defined twice is an error.
    private mutating func includeAll(_ model: YAMLValue, file: String, chain: [String]) -> YAMLValue {
        guard let include = model.entry("include") else { return model }
        var result = model.with(entries: (model.entries ?? []).filter { $0.key != "include" })
        let items = include.value.items ?? [include.value]
        for item in items {
            let paths = item.string.map { [$0] } ?? (item["path"].flatMap { $0.items?.compactMap(\.string) ?? $0.string.map { [$0] } } ?? [])
            guard !paths.isEmpty else {
                error("an include entry needs a path", id: "compose.type", at: item.location)
                continue
            }
            for path in paths {
                let included = ProjectPath.join(ProjectPath.folder(of: file), path)
                guard let other = document(included, chain: chain) else { continue }
                result = merge(included: other, into: result, at: item.location)
            }
        }
        return result
    }

    private mutating func merge(included: YAMLValue, into model: YAMLValue, at location: SourceLocation) -> YAMLValue {
        var entries = model.entries ?? []
        for section in Self.includedSections {
            guard let incoming = included[section]?.entries else { continue }
            var existing = entries.first { $0.key == section }?.value.entries ?? []
            var names = Set(existing.map(\.key))
            for entry in incoming {
                guard names.insert(entry.key).inserted else {
                    error("\(section).\(entry.key) is defined both here and in an included file", id: "compose.include-conflict", at: location)
                    continue
                }
                existing.append(entry)
            }
            let value = YAMLValue.mapping(existing, tag: nil, entries.first { $0.key == section }?.value.location ?? location)
            if let index = entries.firstIndex(where: { $0.key == section }) {
                entries[index].value = value
            } else {
                entries.append(.init(key: section, keyLocation: location, value: value))
            }
        }
        return model.with(entries: entries)
    }

    /// Applies `extends` to every service.
    mutating func resolveExtends(_ model: YAMLValue) -> YAMLValue {
        guard let servicesEntry = model.entry("services"), let services = servicesEntry.value.entries else { return model }
        var resolved: [YAMLValue.Entry] = []
        for service in services {
            var entry = service
            entry.value = extended(service.value, name: service.key, siblings: services, chain: [])
            resolved.append(entry)
        }
        var entries = model.entries ?? []
        if let index = entries.firstIndex(where: { $0.key == "services" }) {
            entries[index].value = servicesEntry.value.with(entries: resolved)
        }
        return model.with(entries: entries)
    }

    private mutating func extended(_ service: YAMLValue, name: String, siblings: [YAMLValue.Entry], chain: [String]) -> YAMLValue {
        guard let extends = service.entry("extends") else { return service }
        let withoutExtends = service.with(entries: (service.entries ?? []).filter { $0.key != "extends" })
        let baseName = extends.value.string ?? extends.value["service"]?.string
        guard let baseName else {
            error("extends needs a service name", id: "compose.type", at: extends.value.location)
            return withoutExtends
        }
        let file = service.location.file
        var baseSiblings = siblings
        if let otherFile = extends.value["file"]?.string {
            let path = ProjectPath.join(ProjectPath.folder(of: file), otherFile)
            guard let other = document(path, chain: []) else { return withoutExtends }
            baseSiblings = other["services"]?.entries ?? []
        }
        let key = "\(baseSiblings.first?.value.location.file ?? file):\(baseName)"
        guard chain.count < ComposeLoader.nestingLimit, !chain.contains(key) else {
            error("extends cycle: \((chain + [key]).joined(separator: " → "))", id: "compose.extends-cycle", at: extends.value.location)
            return withoutExtends
        }
        guard let base = baseSiblings.first(where: { $0.key == baseName }) else {
            error("service \(name) extends unknown service \(baseName)", id: "compose.unknown-service", at: extends.value.location)
            return withoutExtends
        }
        let resolvedBase = extended(base.value, name: baseName, siblings: baseSiblings, chain: chain + [key])
        return ComposeMerger.merge(resolvedBase, withoutExtends, path: ["services", name]) ?? withoutExtends
    }
}
