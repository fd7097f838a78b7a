import DocsgenCore

/// A YAML value with the place it was written, after aliases are expanded (within a budget) and merge keys
/// (`<<`) applied. Scalars stay text: Compose reads `22:22` and `yes` as strings, not YAML 1.1 numbers.
indirect enum YAMLValue: Sendable, Hashable {
    /// A scalar; `isPlain` is false for quoted scalars (so `"null"` is a string, not null).
    case scalar(String, isPlain: Bool, tag: String?, SourceLocation)
    /// A mapping in document order, keys as text.
    case mapping([Entry], tag: String?, SourceLocation)
    /// A sequence.
    case sequence([YAMLValue], tag: String?, SourceLocation)

    struct Entry: Sendable, Hashable {
        var key: String
        var keyLocation: SourceLocation
        var value: YAMLValue
    }

    var location: SourceLocation {
        switch self {
        case let .scalar(_, _, _, location), let .mapping(_, _, location), let .sequence(_, _, location): location
        }
    }

    var tag: String? {
        switch self {
        case let .scalar(_, _, tag, _), let .mapping(_, tag, _), let .sequence(_, tag, _): tag
        }
    }

    /// Whether this is a plain `null`, `~` or empty scalar.
    var isNull: Bool {
        if case let .scalar(text, isPlain, _, _) = self {
            return isPlain && ["", "~", "null", "Null", "NULL"].contains(text)
        }
        return false
    }

    /// The text of a scalar that is not null.
    var string: String? {
        if case let .scalar(text, _, _, _) = self, !isNull { return text }
        return nil
    }

    var entries: [Entry]? {
        if case let .mapping(entries, _, _) = self { return entries }
        return nil
    }

    var items: [YAMLValue]? {
        if case let .sequence(items, _, _) = self { return items }
        return nil
    }

    /// The value for a key of a mapping.
    subscript(key: String) -> YAMLValue? {
        entries?.last { $0.key == key }?.value
    }

    /// The entry for a key of a mapping.
    func entry(_ key: String) -> Entry? {
        entries?.last { $0.key == key }
    }

    /// A short name of the kind, for messages.
    var kindName: String {
        switch self {
        case .scalar: isNull ? "null" : "a string"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// A boolean as Compose reads it (`true`/`false` in any case).
    var bool: Bool? {
        guard let text = string?.lowercased() else { return nil }
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// Replaces a mapping's entries (keeping tag and location).
    func with(entries: [Entry]) -> YAMLValue {
        if case let .mapping(_, tag, location) = self { return .mapping(entries, tag: tag, location) }
        return self
    }
}
