import DocsgenCore

/// Turns the merged compose model into ``ComposeFacts``: every short syntax to the long one, units to
/// bytes and seconds, secrets withheld.
struct ServiceNormaliser {
    /// Most ports the port ranges of one project may expand to (`0-65535` alone is all of them): without a bound, an
    /// alias repeating a list of full ranges turns a few hundred bytes into tens of millions of entries.
    static let rangePortBudget = 65_536

    var session: LoadSession
    let projectDirectory: String
    /// What is left of ``rangePortBudget``.
    var rangePortsLeft = rangePortBudget

    private var options: ComposeOptions { session.options }

    mutating func facts(_ model: YAMLValue) -> ComposeFacts? {
        let name = model["name"]?.string.map(Self.projectName) ?? Self.projectName(options.defaultName)
        var services: [ComposeService] = []
        if let section = model["services"] {
            guard let entries = section.entries else {
                session.error("'services' must be a mapping of service names, not \(section.kindName)", id: "compose.type", at: section.location)
                return nil
            }
            for entry in entries {
                guard entry.value.entries != nil || entry.value.isNull else {
                    session.error("service \(entry.key) must be a mapping, not \(entry.value.kindName)", id: "compose.type", at: entry.value.location)
                    continue
                }
                services.append(service(entry))
            }
        }
        services.sort { $0.name < $1.name }
        let active = services.filter { $0.profiles.isEmpty || !Set($0.profiles).isDisjoint(with: options.profiles) }.map(\.name)
        let activeSet = Set(active)
        var networks: [ComposeNetwork] = model["networks"]?.entries?.map(network) ?? []
        let usesDefault = services.contains { activeSet.contains($0.name) && $0.networks.contains("default") }
        if usesDefault, !networks.contains(where: { $0.name == "default" }) {
            networks.append(ComposeNetwork(name: "default", driver: "bridge", isInternal: false, isExternal: false, location: nil))
        }
        let volumes: [ComposeVolume] = model["volumes"]?.entries?.map { entry -> ComposeVolume in
            ComposeVolume(
                name: entry.key, driver: entry.value["driver"]?.string ?? "local",
                isExternal: entry.value["external"].map { $0.bool ?? ($0.entries != nil) } ?? false, location: entry.keyLocation)
        } ?? []
        let secrets: [ComposeSecret] = model["secrets"]?.entries?.map { entry -> ComposeSecret in
            let kind = entry.value["file"] != nil ? "file" : (entry.value["environment"] != nil ? "environment" : "external")
            return ComposeSecret(name: entry.key, kind: kind, location: entry.keyLocation)
        } ?? []
        let serviceEntries = model["services"]?.entries ?? []
        checkReferences(
            serviceEntries, active: activeSet, networks: Set(networks.map(\.name)),
            volumes: Set(volumes.map(\.name)), secrets: Set(secrets.map(\.name)))
        for entry in serviceEntries where activeSet.contains(entry.key) {
            checkEnvFiles(entry)
            checkHealthcheckTest(entry)
        }
        let declaredVolumes = Set(volumes.map(\.name))
        let yamlByName = Dictionary(serviceEntries.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        for service in services where activeSet.contains(service.name) {
            for mount in service.volumes where mount.type == "volume" {
                guard let source = mount.source, !declaredVolumes.contains(source) else { continue }
                let item = yamlByName[service.name]?["volumes"]?.items?.first { $0.location == mount.location }
                session.error("service \(service.name) mounts volume \(mask(source, from: item)), which is not defined under top-level volumes",
                              id: "compose.undefined-volume", at: mount.location)
            }
        }
        return ComposeFacts(
            name: name, files: options.files, services: services, activeServices: active,
            networks: networks.sorted { $0.name < $1.name }, volumes: volumes.sorted { $0.name < $1.name },
            secrets: secrets.sorted { $0.name < $1.name })
    }

    /// Networks and secrets a service names must be declared at the top level (checked here, where the place of
    /// each reference is known).
    private mutating func checkReferences(
        _ entries: [YAMLValue.Entry], active: Set<String>, networks: Set<String>, volumes: Set<String>, secrets: Set<String>
    ) {
        for entry in entries where active.contains(entry.key) {
            let networkItems = entry.value["networks"].map { value in
                value.entries?.map { ($0.key, $0.keyLocation) } ?? (value.items ?? []).compactMap { item in item.string.map { ($0, item.location) } }
            } ?? []
            for (network, location) in networkItems where network != "default" && !networks.contains(network) {
                let shown = entry.value["networks"]?.items?.first { $0.location == location }.map { mask(network, from: $0) } ?? network
                session.error("service \(entry.key) joins network \(shown), which is not defined under top-level networks",
                              id: "compose.undefined-network", at: location)
            }
            for item in entry.value["secrets"]?.items ?? [] {
                guard let secret = item.string ?? item["source"]?.string, !secrets.contains(secret) else { continue }
                session.error("service \(entry.key) uses secret \(mask(secret, from: item["source"] ?? item)), which is not defined under top-level secrets",
                              id: "compose.undefined-secret", at: item.string != nil ? item.location : (item["source"]?.location ?? item.location))
            }
        }
    }

    /// The folder relative paths of `value` are resolved against: the project directory for the files given
    /// on the command line (override files), the file's own folder for `include`d and `extends` files.
    func baseFolder(of value: YAMLValue) -> String {
        let file = value.location.file
        return options.files.contains(file) ? projectDirectory : ProjectPath.folder(of: file)
    }

    /// A project-root-relative path as a path relative to the project directory.
    func relativeToProject(_ path: String) -> String {
        guard !projectDirectory.isEmpty, path.hasPrefix(projectDirectory + "/") else { return path }
        return String(path.dropFirst(projectDirectory.count + 1))
    }

    /// Compose's project name rule: lower case, only `a-z 0-9 _ -`.
    static func projectName(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
    }

    private func network(_ entry: YAMLValue.Entry) -> ComposeNetwork {
        let value = entry.value
        return ComposeNetwork(
            name: entry.key, driver: value["driver"]?.string ?? "bridge", isInternal: value["internal"]?.bool ?? false,
            isExternal: value["external"].map { $0.bool ?? ($0.entries != nil) } ?? false, location: entry.keyLocation)
    }

    // MARK: - Values

    /// `text` (derived from `value`) with the values of hidden variables replaced by `${NAME}`: used for every
    /// field parsed out of a scalar and for every message that quotes one.
    func mask(_ text: String, from value: YAMLValue?) -> String {
        guard !options.showValues, let value, let names = session.hidden[value.location] else { return text }
        var out = text
        let values = names.compactMap { name in session.interpolator.variables[name].map { (name, $0) } }
        for (name, secret) in values.sorted(by: { $0.1.count > $1.1.count }) where !secret.isEmpty {
            out = out.replacingOccurrences(of: secret, with: "${\(name)}")
        }
        return out
    }

    /// A scalar as documents may show it: the text as written when it holds a hidden variable's value.
    func display(_ value: YAMLValue) -> String? {
        session.display(value)
    }

    private mutating func list(_ value: YAMLValue?, _ what: String, scalarAllowed: Bool = false) -> [YAMLValue] {
        guard let value, !value.isNull else { return [] }
        if let items = value.items { return items }
        if scalarAllowed, value.string != nil { return [value] }
        session.error("\(what) must be a list, not \(value.kindName)", id: "compose.type", at: value.location)
        return []
    }

    private mutating func strings(_ value: YAMLValue?, _ what: String, scalarAllowed: Bool = false) -> [String] {
        list(value, what, scalarAllowed: scalarAllowed).compactMap { item in
            if let text = display(item) { return text }
            session.error("\(what) entries must be strings, not \(item.kindName)", id: "compose.type", at: item.location)
            return nil
        }
    }

    private mutating func seconds(_ value: YAMLValue?, _ what: String) -> Double? {
        guard let value, let text = value.string else { return nil }
        guard let seconds = GoDuration.seconds(text), seconds >= 0 else {
            session.error("\(what): invalid duration '\(mask(text, from: value))' (use Go durations such as 30s or 1m30s)", id: "compose.invalid-duration", at: value.location)
            return nil
        }
        return seconds
    }

    /// A whole number; with `truncating`, a YAML number with a fraction is cut to its whole part, as Compose
    /// decodes `retries: 1.5`.
    private mutating func integer(_ value: YAMLValue?, _ what: String, truncating: Bool = false) -> Int? {
        guard let value, let text = value.string else { return nil }
        if truncating, case let .scalar(_, isPlain, _, location) = value, isPlain, session.templates[location] == nil,
            let number = ScalarValue.yamlNumber(text), number.isFinite, abs(number) < 1e18 {
            return Int(number.rounded(.towardZero))
        }
        guard let number = Int(text) else {
            session.error("\(what) must be a whole number, not '\(mask(text, from: value))'", id: "compose.type", at: value.location)
            return nil
        }
        return number
    }

    // MARK: - Services

    private mutating func service(_ entry: YAMLValue.Entry) -> ComposeService {
        let value = entry.value
        let prefix = "services.\(entry.key)"
        var service = ComposeService(name: entry.key, location: entry.keyLocation)
        service.image = value["image"].flatMap(display)
        if let build = value["build"] { service.build = self.build(build, prefix: prefix) }
        if let check = value.entry("healthcheck") { service.healthcheck = healthcheck(check, prefix: prefix) }
        service.ports = list(value["ports"], "\(prefix).ports").flatMap { ports($0, prefix: prefix) }
        service.volumes = list(value["volumes"], "\(prefix).volumes").compactMap { mount($0, prefix: prefix) }
        service.networks = networkNames(value["networks"], prefix: prefix)
        service.dependsOn = dependencies(value["depends_on"], prefix: prefix)
        if let resources = value["deploy"]?["resources"] {
            service.limits = self.resources(resources.entry("limits"), prefix: "\(prefix).deploy.resources.limits")
            service.reservations = self.resources(resources.entry("reservations"), prefix: "\(prefix).deploy.resources.reservations")
        }
        service.user = value["user"].flatMap(display)
        service.readOnly = value["read_only"]?.bool ?? false
        service.tmpfs = strings(value["tmpfs"], "\(prefix).tmpfs", scalarAllowed: true)
        service.securityOpt = strings(value["security_opt"], "\(prefix).security_opt")
        service.capDrop = strings(value["cap_drop"], "\(prefix).cap_drop")
        service.capAdd = strings(value["cap_add"], "\(prefix).cap_add")
        service.environment = variables(value["environment"], prefix: "\(prefix).environment")
        let envFiles = list(value["env_file"], "\(prefix).env_file", scalarAllowed: true)
        service.envFiles = envFiles.compactMap { file in (file.string ?? file["path"]?.string).map { mask($0, from: file["path"] ?? file) } }
        service.profiles = strings(value["profiles"], "\(prefix).profiles")
        service.restart = value["restart"].flatMap(display)
        service.secrets = list(value["secrets"], "\(prefix).secrets").compactMap { item in
            (item.string ?? item["source"]?.string).map { mask($0, from: item["source"] ?? item) }
        }
        if service.image == nil, service.build == nil, value["provider"] == nil {
            session.error("service \(entry.key) has neither an image, a build context nor a provider", id: "compose.missing-image", at: entry.keyLocation)
        }
        return service
    }

    private mutating func build(_ value: YAMLValue, prefix: String) -> ComposeBuild? {
        var context = "."
        var dockerfile = "Dockerfile"
        var args: [EnvironmentVariable] = []
        var target: String?
        if let text = value.string {
            context = text
        } else if value.entries != nil {
            context = value["context"]?.string ?? "."
            dockerfile = value["dockerfile"]?.string ?? "Dockerfile"
            args = variables(value["args"], prefix: "\(prefix).build.args").filter(\.isSet)  // Compose drops unset build args
            target = value["target"].flatMap(display)
        } else {
            session.error("\(prefix).build must be a string or a mapping, not \(value.kindName)", id: "compose.type", at: value.location)
            return nil
        }
        let isRemote = context.contains("://") || context.hasPrefix("git@")
        // Relative to the file that wrote it: an included or extended file rebases its paths (as Compose does).
        let contextValue = value.string != nil ? value : (value["context"] ?? value)
        let folder = baseFolder(of: contextValue)
        let path = isRemote ? nil : ProjectPath.join(ProjectPath.join(folder, context), dockerfile)
        if !isRemote, folder != projectDirectory { context = relativeToProject(ProjectPath.join(folder, context)) }
        var build = ComposeBuild(
            context: mask(context, from: contextValue), dockerfile: mask(dockerfile, from: value["dockerfile"]),
            dockerfilePath: path.map { mask($0, from: contextValue) }, args: args, target: target)
        build.targetLocation = value["target"]?.location
        return build
    }

    private mutating func healthcheck(_ entry: YAMLValue.Entry, prefix: String) -> ComposeHealthcheck? {
        let value = entry.value
        guard value.entries != nil else {
            session.error("\(prefix).healthcheck must be a mapping, not \(value.kindName)", id: "compose.type", at: value.location)
            return nil
        }
        var test: [String] = []
        if let raw = value["test"] {
            if let text = display(raw) {
                test = ["CMD-SHELL", text]
            } else if let items = raw.items {
                test = items.compactMap(display)
            }
        }
        let disabled = value["disable"]?.bool == true || test.first == "NONE"
        if disabled { test = ["NONE"] }
        return ComposeHealthcheck(
            test: test, disabled: disabled, interval: seconds(value["interval"], "\(prefix).healthcheck.interval"),
            timeout: seconds(value["timeout"], "\(prefix).healthcheck.timeout"),
            startPeriod: seconds(value["start_period"], "\(prefix).healthcheck.start_period"),
            startInterval: seconds(value["start_interval"], "\(prefix).healthcheck.start_interval"),
            retries: integer(value["retries"], "\(prefix).healthcheck.retries", truncating: true), location: entry.keyLocation)
    }

    private mutating func networkNames(_ value: YAMLValue?, prefix: String) -> [String] {
        guard let value, !value.isNull else { return ["default"] }
        if let entries = value.entries { return entries.map(\.key).sorted() }
        // Real names: they must equal top-level keys of the same file, so showing them reveals nothing.
        let names = list(value, "\(prefix).networks").compactMap(\.string)
        return names.isEmpty ? ["default"] : names.sorted()
    }

    private mutating func dependencies(_ value: YAMLValue?, prefix: String) -> [ComposeDependency] {
        guard let value, !value.isNull else { return [] }
        var result: [ComposeDependency] = []
        if let items = value.items {
            for item in items {
                guard let name = item.string else {
                    session.error("\(prefix).depends_on entries must be service names", id: "compose.type", at: item.location)
                    continue
                }
                result.append(ComposeDependency(service: mask(name, from: item), condition: "service_started", required: true, restart: false, location: item.location))
            }
        } else if let entries = value.entries {
            for entry in entries {
                let condition = entry.value["condition"]?.string ?? "service_started"
                let known = ["service_started", "service_healthy", "service_completed_successfully"]
                if !known.contains(condition) {
                    session.error("\(prefix).depends_on.\(entry.key).condition must be one of \(known.joined(separator: ", "))",
                                  id: "compose.type", at: entry.value["condition"]?.location ?? entry.keyLocation)
                }
                result.append(ComposeDependency(
                    service: entry.key, condition: condition, required: entry.value["required"]?.bool ?? true,
                    restart: entry.value["restart"]?.bool ?? false, location: entry.keyLocation))
            }
        } else {
            session.error("\(prefix).depends_on must be a list or a mapping, not \(value.kindName)", id: "compose.type", at: value.location)
        }
        return result.sorted { $0.service < $1.service }
    }

    private mutating func resources(_ entry: YAMLValue.Entry?, prefix: String) -> ComposeResources? {
        guard let entry, entry.value.entries != nil else { return nil }
        var cpus: Double?
        if let raw = entry.value["cpus"], let text = raw.string {
            cpus = Units.cpus(text)
            if cpus == nil {
                session.error("\(prefix).cpus: '\(mask(text, from: raw))' is not a number of CPUs (use 0.5 or '1.5')", id: "compose.invalid-cpus", at: raw.location)
            }
        }
        var memory: Int64?
        if let raw = entry.value["memory"], let text = raw.string {
            memory = Units.bytes(text)
            if memory == nil {
                session.error("\(prefix).memory: '\(mask(text, from: raw))' is not a size (use b, k, m or g: 512m, 1g)", id: "compose.invalid-memory", at: raw.location)
            }
        }
        let pids = integer(entry.value["pids"], "\(prefix).pids")
        return ComposeResources(cpus: cpus, memory: memory, pids: pids, location: entry.keyLocation)
    }

    /// `environment:` or `build.args:` as a list (`A=1`, `B`) or a mapping (`A: 1`, `B:`), sorted by name.
    private mutating func variables(_ value: YAMLValue?, prefix: String) -> [EnvironmentVariable] {
        guard let value, !value.isNull else { return [] }
        var pairs: [(name: String, value: YAMLValue?, location: SourceLocation)] = []
        if let items = value.items {
            for item in items {
                guard let text = item.string else {
                    session.error("\(prefix) entries must be NAME=value strings", id: "compose.type", at: item.location)
                    continue
                }
                if let equals = text.firstIndex(of: "=") {
                    let raw = String(text[text.index(after: equals)...])
                    pairs.append((String(text[..<equals]), .scalar(raw, isPlain: false, tag: nil, item.location), item.location))
                } else {
                    pairs.append((text, nil, item.location))
                }
            }
        } else if let entries = value.entries {
            for entry in entries {
                pairs.append((entry.key, entry.value.isNull ? nil : entry.value, entry.keyLocation))
            }
        } else {
            session.error("\(prefix) must be a list or a mapping, not \(value.kindName)", id: "compose.type", at: value.location)
            return []
        }
        var result: [String: EnvironmentVariable] = [:]
        for (name, raw, location) in pairs {
            var text = raw?.string
            var fromEnvironment = false
            if raw == nil, let inherited = session.interpolator.variables[name] {
                text = inherited
                fromEnvironment = true
            }
            let isSecretName = SecretRedaction.isSecretName(name)
            let usesHidden = raw.map { session.hidden[$0.location] != nil && text == $0.string } ?? false
            let isPublic = options.publicVariables.contains(name)
            let hide = !options.showValues && text != nil && !isPublic
                && (isSecretName || usesHidden || (fromEnvironment && !options.publicVariables.contains(name)))
            result[name] = EnvironmentVariable(
                name: name, value: hide ? nil : text, isSet: text != nil, isHidden: hide, location: location)
        }
        return result.values.sorted { $0.name < $1.name }
    }
}
