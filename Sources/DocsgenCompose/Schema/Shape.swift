/// What a value of a compose file must look like: a small declarative vocabulary for the Compose
/// Specification's JSON Schema (types, enumerations, required keys, `x-` extensions, "one of" forms), read by
/// ``SchemaValidator``.
///
/// ```swift
/// let healthcheck = Shape.mapping([
///     "test": .either([.string, .list(.string)]),
///     "retries": .cast(.int, .scalar([.number, .string])),
/// ])
/// ```
indirect enum Shape: Sendable {
    /// Anything (the value of an `x-` extension).
    case any
    /// A scalar of one of `types`, optionally limited by a rule.
    case scalar(ScalarTypes, rule: ValueRule? = nil)
    /// A list whose items have `item`'s shape; `unique` forbids equal items (JSON Schema's `uniqueItems`).
    case list(Shape, unique: Bool = false)
    /// A mapping.
    case mapping(MappingShape)
    /// Exactly one of the alternatives (JSON Schema's `oneOf`); the alternatives differ in kind.
    case either([Shape])
    /// Strings here are converted first, as Compose converts them while interpolating (`read_only: "yes"`
    /// becomes `true`, `replicas: "2"` becomes 2); a string that does not convert is an error.
    case cast(Cast, Shape)

    /// A string.
    static let string = Shape.scalar(.string)
    /// A boolean.
    static let boolean = Shape.scalar(.boolean)
    /// A number.
    static let number = Shape.scalar(.number)
    /// An integer.
    static let integer = Shape.scalar(.integer)

    /// A string that must be one of `values`.
    static func oneOf(_ values: String...) -> Shape {
        .scalar(.string, rule: .oneOf(values))
    }

    /// A mapping with these keys; `x-` keys are free unless `extensions` is false; every other key is an error
    /// unless `isClosed` is false.
    static func mapping(
        _ fields: KeyValuePairs<String, Shape>, required: [String] = [], extensions: Bool = true, isClosed: Bool = true
    ) -> Shape {
        .mapping(MappingShape(fields: fields, required: required, extensions: extensions, isClosed: isClosed))
    }

    /// A mapping whose keys are names (`patternProperties`): names that match `names` take `value`'s shape;
    /// other names are errors when `isClosed`, and free otherwise.
    static func names(_ names: NamePattern, _ value: Shape, isClosed: Bool, others: Shape = .any) -> Shape {
        .mapping(MappingShape(names: names, value: value, isClosed: isClosed, others: others))
    }
}

/// The JSON types a scalar may have, as Compose reads YAML (see ``ScalarValue``).
struct ScalarTypes: OptionSet, Sendable, Hashable {
    let rawValue: Int

    static let string = ScalarTypes(rawValue: 1)
    /// Any number, whole or not.
    static let number = ScalarTypes(rawValue: 2)
    /// A whole number (`2` or `2.0`).
    static let integer = ScalarTypes(rawValue: 4)
    static let boolean = ScalarTypes(rawValue: 8)
    static let null = ScalarTypes(rawValue: 16)
}

/// A limit on a scalar beyond its type.
enum ValueRule: Sendable, Hashable {
    /// One of these strings (JSON Schema's `enum`).
    case oneOf([String])
    /// A number within bounds (`minimum`, `maximum`).
    case range(ClosedRange<Double>)
    /// A string matching a pattern of the specification (unanchored, as JSON Schema patterns are).
    case pattern(TextPattern)
}

/// The string patterns the specification uses.
enum TextPattern: String, Sendable, Hashable {
    /// `container_name`: somewhere a letter or digit followed by one or more of `[a-zA-Z0-9_.-]`.
    case containerName = "[a-zA-Z0-9][a-zA-Z0-9_.-]+"
    /// `pull_policy`: contains one of the policies, or `every_` with durations such as `every_12h`.
    case pullPolicy = "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+"
}

/// How keys of a name mapping must be spelled (`patternProperties` of the specification).
enum NamePattern: Sendable, Hashable {
    /// `^[a-zA-Z0-9._-]+$`: services, networks, volumes, secrets, configs, models.
    case resourceName
    /// `^[a-z]+$`: ulimits.
    case lowercase
    /// `.+`: any name that is not empty.
    case nonEmpty
}

/// A conversion Compose applies to strings at some places while interpolating.
enum Cast: Sendable, Hashable {
    /// A decimal integer (Go's `strconv.Atoi`, `ParseInt`).
    case integer
    /// A number (Go's `strconv.ParseFloat`).
    case number
    /// `y`, `yes`, `true`, `on`, `n`, `no`, `false`, `off` in any case.
    case boolean
}

/// The keys of a mapping: declared fields, `x-` extensions, and names matching a pattern.
struct MappingShape: Sendable {
    /// The declared keys, in the specification's order (for messages and "did you mean").
    let names: [String]
    let fields: [String: Shape]
    let required: [String]
    /// Whether `x-` keys are allowed, with any value.
    let extensions: Bool
    /// Names matching this pattern take `patternValue`'s shape.
    let pattern: NamePattern?
    let patternValue: Shape
    /// Whether a key that is neither declared, an extension nor a matching name is an error.
    let isClosed: Bool
    /// The shape of such a key when the mapping is open.
    let others: Shape

    init(fields: KeyValuePairs<String, Shape>, required: [String], extensions: Bool, isClosed: Bool) {
        names = fields.map(\.key)
        self.fields = Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        self.required = required
        self.extensions = extensions
        pattern = nil
        patternValue = .any
        self.isClosed = isClosed
        others = .any
    }

    init(names pattern: NamePattern, value: Shape, isClosed: Bool, others: Shape) {
        names = []
        fields = [:]
        required = []
        extensions = false
        self.pattern = pattern
        patternValue = value
        self.isClosed = isClosed
        self.others = others
    }
}
