import DocsgenCore

/// Checks a compose model against a ``Shape`` in one walk (linear in the document): unknown keys with the
/// nearest valid key, types, enumerations, patterns, ranges, required keys and repeated items, each at the
/// `file:line:column` of the offending key or value.
///
/// ```swift
/// var validator = SchemaValidator(templates: [:]) { $0.string ?? "" }
/// validator.validate(model, against: ComposeSchema.document)
/// ```
struct SchemaValidator {
    /// The text as written of every interpolated scalar: such values are strings whatever they became.
    let templates: [SourceLocation: String]
    /// A scalar's text as messages may show it (hidden values masked).
    let quote: (YAMLValue) -> String
    private(set) var diagnostics: [Diagnostic] = []
    /// Where the walk is: `services`, `web`, `[0]`, …
    private var path: [String] = []

    init(templates: [SourceLocation: String], quote: @escaping (YAMLValue) -> String) {
        self.templates = templates
        self.quote = quote
    }

    /// Checks `value` (a whole document when `shape` is ``ComposeSchema/document``).
    mutating func validate(_ value: YAMLValue, against shape: Shape) {
        check(value, typed: nil, shape, owner: value.location)
    }

    // MARK: - The walk

    /// Checks `value` against `shape`; `typed` is a scalar already converted by a ``Shape/cast(_:_:)``, and
    /// `owner` the place to report a missing key (the key whose value this is).
    private mutating func check(_ value: YAMLValue, typed: ScalarValue?, _ shape: Shape, owner: SourceLocation) {
        if value.tag == "!reset" { return }  // removed by Compose before it validates
        switch shape {
        case .any:
            return
        case let .cast(cast, inner):
            let scalar = typed ?? self.scalar(value)
            guard value.isScalar, scalar.kind == .string else { return check(value, typed: typed, inner, owner: owner) }
            guard let converted = scalar.converted(by: cast) else {
                return error("\(here) must be \(Self.describe(cast)), not \(describe(value, scalar))", id: "compose.type", at: value.location)
            }
            check(value, typed: converted, inner, owner: owner)
        case let .scalar(types, rule):
            let scalar = typed ?? self.scalar(value)
            guard value.isScalar, scalar.matches(types) else { return typeError(value, typed: scalar, expected: shape) }
            if let rule { checkRule(rule, scalar, value) }
        case let .list(item, unique):
            guard let items = value.items else { return typeError(value, typed: typed, expected: shape) }
            for (index, element) in items.enumerated() {
                path.append("[\(index)]")
                check(element, typed: nil, item, owner: element.location)
                path.removeLast()
            }
            if unique { checkRepeats(items) }
        case let .mapping(mapping):
            guard let entries = value.entries else { return typeError(value, typed: typed, expected: shape) }
            checkEntries(entries, mapping, owner: owner)
        case let .either(alternatives):
            let candidates = alternatives.filter { accepts($0, value, typed: typed) }
            guard let first = candidates.first else { return typeError(value, typed: typed, expected: shape) }
            if candidates.count > 1 {
                for candidate in candidates {
                    var trial = SchemaValidator(templates: templates, quote: quote)
                    trial.path = path
                    trial.check(value, typed: typed, candidate, owner: owner)
                    if trial.diagnostics.isEmpty { return }
                }
            }
            check(value, typed: typed, first, owner: owner)
        }
    }

    private mutating func checkEntries(_ entries: [YAMLValue.Entry], _ mapping: MappingShape, owner: SourceLocation) {
        for entry in entries where entry.value.tag != "!reset" {
            let shape: Shape
            if let field = mapping.fields[entry.key] {
                shape = field
            } else if mapping.extensions, entry.key.hasPrefix("x-") {
                continue
            } else if let pattern = mapping.pattern, pattern.matches(entry.key) {
                shape = mapping.patternValue
            } else if mapping.isClosed {
                unknownKey(entry, in: mapping)
                continue
            } else {
                shape = mapping.others
            }
            path.append(entry.key)
            check(entry.value, typed: nil, shape, owner: entry.keyLocation)
            path.removeLast()
        }
        for name in mapping.required where !entries.contains(where: { $0.key == name }) {
            error("\(here) needs '\(name)'", id: "compose.missing-key", at: owner)
        }
    }

    /// Whether `value` is of a kind `shape` takes (an `either` picks its alternative by kind).
    private func accepts(_ shape: Shape, _ value: YAMLValue, typed: ScalarValue?) -> Bool {
        switch shape {
        case .any: return true
        case let .scalar(types, _): return value.isScalar && (typed ?? scalar(value)).matches(types)
        case .list: return value.items != nil
        case .mapping: return value.entries != nil
        case let .either(alternatives): return alternatives.contains { accepts($0, value, typed: typed) }
        case let .cast(cast, inner):
            let scalar = typed ?? self.scalar(value)
            guard value.isScalar, scalar.kind == .string else { return accepts(inner, value, typed: typed) }
            return scalar.converted(by: cast).map { accepts(inner, value, typed: $0) } ?? true
        }
    }

    /// A scalar typed as Compose types it; interpolated scalars were strings.
    private func scalar(_ value: YAMLValue) -> ScalarValue {
        guard case let .scalar(text, isPlain, _, location) = value else { return ScalarValue(kind: .string, text: "") }
        return ScalarValue(text, isString: !isPlain || templates[location] != nil)
    }

    // MARK: - Rules

    private mutating func checkRule(_ rule: ValueRule, _ scalar: ScalarValue, _ value: YAMLValue) {
        switch rule {
        case let .oneOf(values):
            guard !values.contains(scalar.text) else { return }
            let listed = values.map { "'\($0)'" }.joined(separator: ", ")
            error("\(here) must be \(values.count == 1 ? listed : "one of " + listed), not '\(quote(value))'",
                  id: "compose.invalid-value", at: value.location)
        case let .range(bounds):
            guard let number = scalar.number, !bounds.contains(number) else { return }
            let limit = bounds.upperBound.isFinite
                ? "between \(Self.format(bounds.lowerBound)) and \(Self.format(bounds.upperBound))"
                : "at least \(Self.format(bounds.lowerBound))"
            error("\(here) must be \(limit), not \(quote(value))", id: "compose.invalid-value", at: value.location)
        case let .pattern(pattern):
            guard !pattern.matches(scalar.text) else { return }
            error("\(here): '\(quote(value))' does not match the pattern \(pattern.rawValue)", id: "compose.invalid-value", at: value.location)
        }
    }

    /// Equal scalars in a list the specification wants without repetitions (JSON equality: `80` and `"80"`
    /// differ, `80` and `80.0` do not).
    private mutating func checkRepeats(_ items: [YAMLValue]) {
        var seen: [ScalarValue: Int] = [:]
        for (index, item) in items.enumerated() where item.isScalar {
            let typed = scalar(item)
            let text = typed.kind == .boolean ? typed.text.lowercased() : (typed.kind == .number ? "" : typed.text)
            let key = ScalarValue(kind: typed.kind, text: text, number: typed.number)
            if let first = seen[key] {
                error("\(here) lists '\(quote(item))' twice (items [\(first)] and [\(index)]); Compose rejects repeated items here",
                      id: "compose.duplicate-item", at: item.location)
            } else {
                seen[key] = index
            }
        }
    }

    private mutating func unknownKey(_ entry: YAMLValue.Entry, in mapping: MappingShape) {
        if mapping.pattern != nil {
            let rule = mapping.pattern == .lowercase ? "lower-case letters only" : "letters, digits, '.', '_' and '-' only"
            return error("'\(entry.key)' is not a valid name in \(here) (\(rule))", id: "compose.invalid-name", at: entry.keyLocation)
        }
        let suggestion = EditDistance.nearest(entry.key, in: mapping.names).map { " (did you mean '\($0)'?)" } ?? ""
        let extensions = mapping.extensions ? " and x-* extensions" : ""
        var message = path.isEmpty ? "unknown top-level key '\(entry.key)'" : "unknown key '\(entry.key)' in \(here)"
        message += suggestion
        if path.isEmpty || (suggestion.isEmpty && mapping.names.count <= 12) {
            message += "; allowed: " + mapping.names.joined(separator: ", ") + extensions
        }
        if !mapping.extensions, entry.key.hasPrefix("x-") {
            message += " (x-* extensions are not allowed here)"
        }
        error(message, id: "compose.unknown-key", at: entry.keyLocation)
    }

    // MARK: - Messages

    private mutating func error(_ message: String, id: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, id: id, at: location))
    }

    private mutating func typeError(_ value: YAMLValue, typed: ScalarValue?, expected shape: Shape) {
        let scalar = typed ?? self.scalar(value)
        let what = path.isEmpty ? "a compose file" : here
        error("\(what) must be \(Self.expected(shape)), not \(describe(value, scalar))", id: "compose.type", at: value.location)
    }

    /// The path being checked, as Compose writes it: `services.web.ports[0].target`.
    private var here: String {
        var text = ""
        for component in path {
            if !text.isEmpty, !component.hasPrefix("[") { text += "." }
            text += component
        }
        return text
    }

    private func describe(_ value: YAMLValue, _ scalar: ScalarValue) -> String {
        switch value {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch scalar.kind {
            case .null: return "null"
            case .boolean: return "a boolean (\(quote(value)))"
            case .number: return "a number (\(quote(value)))"
            case .string: return "a string ('\(quote(value))')"
            case .timestamp: return "a date (\(quote(value)), which YAML reads as a timestamp: quote it)"
            }
        }
    }

    /// What a shape takes, for messages: "a string or a list".
    static func expected(_ shape: Shape) -> String {
        var names: [String] = []
        func collect(_ shape: Shape) {
            switch shape {
            case .any: names.append("any value")
            case let .scalar(types, rule):
                if case let .oneOf(values)? = rule {
                    names.append(values.count == 1 ? "'\(values[0])'" : "one of " + values.map { "'\($0)'" }.joined(separator: ", "))
                    return
                }
                if types.contains(.string) { names.append("a string") }
                if types.contains(.number) { names.append("a number") } else if types.contains(.integer) { names.append("an integer") }
                if types.contains(.boolean) { names.append("a boolean") }
                if types.contains(.null) { names.append("null") }
            case .list: names.append("a list")
            case .mapping: names.append("a mapping")
            case let .either(alternatives): alternatives.forEach(collect)
            case let .cast(_, inner): collect(inner)
            }
        }
        collect(shape)
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        guard unique.count > 1 else { return unique.first ?? "nothing" }
        return unique.dropLast().joined(separator: ", ") + " or " + unique[unique.count - 1]
    }

    private static func describe(_ cast: Cast) -> String {
        switch cast {
        case .integer: "a whole number"
        case .number: "a number"
        case .boolean: "a boolean (true/false, yes/no, on/off)"
        }
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}

extension YAMLValue {
    var isScalar: Bool {
        if case .scalar = self { return true }
        return false
    }
}

extension NamePattern {
    /// Whether `name` is spelled as this pattern requires.
    func matches(_ name: String) -> Bool {
        switch self {
        case .resourceName:
            !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "." || $0 == "_" || $0 == "-" }
        case .lowercase:
            !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
        case .nonEmpty:
            !name.isEmpty
        }
    }
}

extension TextPattern {
    /// Whether `text` contains a match (JSON Schema patterns are not anchored).
    func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        switch self {
        case .containerName:
            let tail: (Unicode.Scalar) -> Bool = { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "." || $0 == "-" }
            return scalars.indices.dropLast().contains { scalars[$0].isASCIIAlphanumeric && tail(scalars[$0 + 1]) }
        case .pullPolicy:
            let words = ["always", "never", "build", "if_not_present", "missing", "refresh", "daily", "weekly"]
            if words.contains(where: text.contains) { return true }
            var rest = Substring(text)
            while let range = rest.range(of: "every_") {
                let after = rest[range.upperBound...]
                let digits = after.prefix { $0.isASCII && $0.isNumber }
                if !digits.isEmpty, let unit = after.dropFirst(digits.count).first, "wdhms".contains(unit) { return true }
                rest = rest[range.upperBound...]
            }
            return false
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
