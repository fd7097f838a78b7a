import DocsgenCore

/// Merges compose documents as `docker compose` merges override files: mappings recursively, some lists
/// by key (volumes by target, secrets by source), `command`-like values replaced, other lists appended
/// without duplicates; `!reset` removes a value and `!override` replaces it whole.
enum ComposeMerger {
    /// Lists replaced, never merged (paths below `services.<name>`).
    static let replaced: Set<String> = ["command", "entrypoint", "healthcheck.test", "dns", "dns_search", "dns_opt"]
    /// Lists and mappings merged as mappings after normalising lists to mappings.
    static let keyed: Set<String> = [
        "environment", "labels", "build.args", "build.labels", "sysctls", "depends_on", "networks",
        "annotations", "deploy.labels", "logging.options",
    ]

    /// `override` applied on top of `base`; `nil` when `!reset` removes it.
    static func merge(_ base: YAMLValue?, _ override: YAMLValue, path: [String]) -> YAMLValue? {
        if override.tag == "!reset" { return nil }
        guard let base, override.tag != "!override" else { return override }
        let servicePath = path.count > 2 && path[0] == "services" ? path.dropFirst(2).joined(separator: ".") : ""
        if keyed.contains(servicePath) {
            let asDependencies = servicePath == "depends_on"
            return mergeMappings(asMapping(base, dependencies: asDependencies), asMapping(override, dependencies: asDependencies), path: path)
        }
        if servicePath == "extra_hosts" || servicePath == "build.extra_hosts" {
            return mergeLists(asList(base), asList(override))
        }
        switch (base, override) {
        case (.mapping, .mapping):
            return mergeMappings(base, override, path: path)
        case let (.sequence(a, _, _), .sequence(b, tag, location)):
            if replaced.contains(servicePath) { return override }
            if servicePath == "volumes" || servicePath == "devices" {
                return .sequence(mergeBy(a, b, key: mountTarget), tag: tag, location)
            }
            if servicePath == "secrets" || servicePath == "configs" {
                return .sequence(mergeBy(a, b, key: secretSource), tag: tag, location)
            }
            return mergeLists(base, override)
        default:
            return override
        }
    }

    static func mergeMappings(_ base: YAMLValue, _ override: YAMLValue, path: [String]) -> YAMLValue {
        guard let baseEntries = base.entries, let overrides = override.entries else { return override }
        var entries: [YAMLValue.Entry?] = baseEntries
        var index = Dictionary(baseEntries.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in overrides {
            if let position = index[entry.key], let existing = entries[position] {
                if let merged = merge(existing.value, entry.value, path: path + [entry.key]) {
                    entries[position] = YAMLValue.Entry(key: entry.key, keyLocation: entry.keyLocation, value: merged)
                } else {
                    entries[position] = nil
                    index[entry.key] = nil
                }
            } else if entry.value.tag != "!reset" {
                index[entry.key] = entries.count
                entries.append(entry)
            }
        }
        return override.with(entries: entries.compactMap { $0 })
    }

    /// `base`'s items, then those of `override` it lacks.
    private static func mergeLists(_ base: YAMLValue, _ override: YAMLValue) -> YAMLValue {
        guard case let .sequence(items, _, _) = base, case let .sequence(more, tag, location) = override else { return override }
        var merged = items
        for item in more where !merged.contains(where: { same($0, item) }) { merged.append(item) }
        return .sequence(merged, tag: tag, location)
    }

    /// `extra_hosts` as a list: `{host: ip}` → `["host=ip"]` (a list of addresses gives one item each).
    static func asList(_ value: YAMLValue) -> YAMLValue {
        guard case let .mapping(entries, tag, location) = value else { return value }
        let items = entries.sorted { $0.key < $1.key }.flatMap { entry -> [YAMLValue] in
            (entry.value.items ?? [entry.value]).map { address in
                .scalar("\(entry.key)=\(address.string ?? "")", isPlain: false, tag: nil, address.location)
            }
        }
        return .sequence(items, tag: tag, location)
    }

    /// `["A=1", "B"]` → `{A: "1", B: null}`; `["db", "cache"]` (networks) → `{db: null, cache: null}`, and for
    /// `depends_on` (`dependencies`) → `{db: {condition: service_started, required: true}}`, as Compose merges them.
    static func asMapping(_ value: YAMLValue, dependencies: Bool = false) -> YAMLValue {
        guard case let .sequence(items, tag, location) = value else { return value }
        var entries: [YAMLValue.Entry?] = []
        var index: [String: Int] = [:]
        for item in items {
            guard let text = item.string else { continue }
            let entry: YAMLValue.Entry
            if let equals = text.firstIndex(of: "=") {
                let rest = String(text[text.index(after: equals)...])
                entry = .init(key: String(text[..<equals]), keyLocation: item.location, value: .scalar(rest, isPlain: false, tag: nil, item.location))
            } else if dependencies {
                let started: [YAMLValue.Entry] = [
                    .init(key: "condition", keyLocation: item.location, value: .scalar("service_started", isPlain: false, tag: nil, item.location)),
                    .init(key: "required", keyLocation: item.location, value: .scalar("true", isPlain: true, tag: nil, item.location)),
                ]
                entry = .init(key: text, keyLocation: item.location, value: .mapping(started, tag: nil, item.location))
            } else {
                entry = .init(key: text, keyLocation: item.location, value: .scalar("", isPlain: true, tag: nil, item.location))
            }
            // A later entry with the same name replaces the earlier one and takes its place at the end.
            if let previous = index[entry.key] { entries[previous] = nil }
            index[entry.key] = entries.count
            entries.append(entry)
        }
        return .mapping(entries.compactMap { $0 }, tag: tag, location)
    }

    private static func mergeBy(_ base: [YAMLValue], _ override: [YAMLValue], key: (YAMLValue) -> String?) -> [YAMLValue] {
        var items = base
        for item in override {
            if let name = key(item), let index = items.firstIndex(where: { key($0) == name }) {
                items[index] = item
            } else if !items.contains(where: { same($0, item) }) {
                items.append(item)
            }
        }
        return items
    }

    static func mountTarget(_ value: YAMLValue) -> String? {
        if let target = value["target"]?.string { return target }
        guard let text = value.string else { return nil }
        let parts = VolumeSyntax.split(text)
        return parts.count >= 2 ? parts[1] : parts.first
    }

    static func secretSource(_ value: YAMLValue) -> String? {
        value["source"]?.string ?? value.string
    }

    /// Structural equality ignoring where values were written.
    static func same(_ a: YAMLValue, _ b: YAMLValue) -> Bool {
        switch (a, b) {
        case let (.scalar(x, _, _, _), .scalar(y, _, _, _)): return x == y
        case let (.sequence(x, _, _), .sequence(y, _, _)): return x.count == y.count && zip(x, y).allSatisfy(same)
        case let (.mapping(x, _, _), .mapping(y, _, _)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
        default: return false
        }
    }
}

/// Splits the short volume syntax `source:target:mode`, keeping Windows drive letters (`C:\data`) whole.
enum VolumeSyntax {
    static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let chars = Array(text)
        for (index, ch) in chars.enumerated() {
            if ch == ":" {
                let isDrive = current.count == 1 && current.first!.isLetter
                    && index + 1 < chars.count && (chars[index + 1] == "\\" || chars[index + 1] == "/")
                if !isDrive {
                    parts.append(current)
                    current = ""
                    continue
                }
            }
            current.append(ch)
        }
        parts.append(current)
        return parts
    }
}
