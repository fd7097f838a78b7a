import DocsgenCore

/// The `--flags` of one instruction, read the way BuildKit's `BFlags` reads them: each instruction declares
/// the flags it takes and their kind; anything else is an error.
struct BuildFlags: Sendable, Hashable {
    /// How a flag takes its value.
    enum Kind: Sendable, Hashable {
        /// `--link`, `--link=true`, `--link=false`.
        case bool
        /// `--from=builder`, given at most once.
        case string
        /// `--mount=…`, repeatable.
        case strings
    }

    struct Failure: Error {
        var message: String
        var id: String
    }

    /// The flags each instruction declares (BuildKit `dockerfile/1.26.0`, `instructions/parse.go` and the RUN
    /// hooks in `commands_run*.go`). Instructions missing here declare none; `ARG`, `STOPSIGNAL` and
    /// `HEALTHCHECK NONE` never look at their flags (see ``InstructionChecker``).
    static let declared: [String: [String: Kind]] = [
        "add": [
            "chown": .string, "chmod": .string, "link": .bool, "keep-git-dir": .bool, "checksum": .string,
            "unpack": .bool, "exclude": .strings,
        ],
        "copy": [
            "chown": .string, "from": .string, "chmod": .string, "link": .bool, "exclude": .strings, "parents": .bool,
        ],
        "from": ["platform": .string],
        "run": ["mount": .strings, "network": .string, "security": .string, "device": .strings],
        "healthcheck": [
            "interval": .string, "timeout": .string, "start-period": .string, "start-interval": .string,
            "retries": .string,
        ],
    ]

    /// Values by flag name, in the order written; a bool flag holds `"true"` or `"false"`.
    private(set) var values: [String: [String]] = [:]

    /// The empty set, for instructions whose flags BuildKit ignores.
    init() {}

    /// Parses `words` (each starting with `--`) against the flags `declared` for the instruction.
    ///
    /// - Throws: ``Failure`` with BuildKit's message for an unknown flag (with a suggestion), a repeated
    ///   single-value flag, a missing value, or a bool flag with another value.
    init(_ words: [String], declared: [String: Kind]) throws(Failure) {
        for word in words {
            let name: Substring
            let value: Substring?
            if let equals = word.firstIndex(of: "=") {
                name = word[..<equals]
                value = word[word.index(after: equals)...]
            } else {
                name = Substring(word)
                value = nil
            }
            let key = String(name.dropFirst(2))
            guard let kind = declared[key] else {
                let suggestion = Suggestion.closest(to: key, among: declared.keys, caseSensitive: true)
                    .map { " (did you mean \($0)?)" } ?? ""
                throw Failure(message: "unknown flag: \(name)\(suggestion)", id: "dockerfile.unknown-flag")
            }
            if values[key] != nil && kind != .strings {
                throw Failure(message: "duplicate flag specified: \(name)", id: "dockerfile.duplicate-flag")
            }
            switch kind {
            case .bool:
                if value == "" { throw Self.missingValue(name) }
                switch value?.lowercased() {
                case nil, "true": values[key] = ["true"]
                case "false": values[key] = ["false"]
                default:
                    throw Failure(
                        message: "expecting boolean value for flag \(name), not: \(value ?? "")", id: "dockerfile.flag-value")
                }
            case .string, .strings:
                guard let value else { throw Self.missingValue(name) }
                values[key, default: []].append(String(value))
            }
        }
    }

    /// The value of a single-value flag, `nil` when not given.
    func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable flag.
    func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether a bool flag was given, and as what.
    func bool(_ name: String) -> Bool? { values[name].map { $0 == ["true"] } }

    private static func missingValue(_ name: Substring) -> Failure {
        Failure(message: "missing a value on flag: \(name)", id: "dockerfile.flag-value")
    }
}
