/// One `RUN --mount=` value, read the way BuildKit reads it (`instructions/commands_runmount.go`,
/// `dockerfile/1.26.0`).
///
/// BuildKit reads a mount twice: when it parses the instruction it only rejects a variable in `from=`; when it
/// builds the stage it expands every value and checks them all. ``init(_:expand:)`` does the second when given
/// an expansion and the first without one.
struct RunMount: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable, CaseIterable {
        case bind, cache, tmpfs, secret, ssh
    }

    struct Failure: Error {
        var message: String
    }

    var type: Kind = .bind
    var from = ""
    var source = ""
    var target = ""
    var id = ""
    var sharing = ""
    var hasFileInfo = false

    static let keys = [
        "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid",
        "src", "dst", "destination", "ro", "rw", "readwrite", "env",
    ]

    /// Reads `value`; `expand` substitutes variables in each option's value.
    ///
    /// - Throws: ``Failure`` with BuildKit's message.
    init(_ value: String, expand: ((String) throws(Failure) -> String)?) throws(Failure) {
        let fields: [String]
        do {
            fields = try CSVFields.split(value)
        } catch {
            throw Failure(message: "failed to parse csv mounts: \(error.message)")
        }
        var mode: String?, uid: String?, gid: String?
        for field in fields {
            let key = String(field.prefix { $0 != "=" }).lowercased()
            guard field.contains("=") else {
                guard expand != nil else { continue }
                switch key {
                case "readonly", "ro", "readwrite", "rw":
                    continue
                case "required" where type == .secret || type == .ssh:
                    continue
                case "required":
                    throw Failure(message: "unexpected key '\(key)' for mount type '\(type.rawValue)'")
                default:
                    throw Failure(message: "invalid field '\(field)' must be a key=value pair")
                }
            }
            var value = String(field[field.index(after: field.firstIndex(of: "=")!)...])
            if let expand {
                value = try expand(value)
            } else {
                if key == "from", let dollar = value.firstIndex(of: "$"), dollar != value.index(before: value.endIndex) {
                    throw Failure(message: "'\(key)' doesn't support variable expansion, define alias stage instead")
                }
                continue
            }
            switch key {
            case "type":
                guard let kind = Kind(rawValue: value.lowercased()) else {
                    throw Self.unsupported("unsupported mount type \"\(value)\"", value, Kind.allCases.map(\.rawValue))
                }
                type = kind
            case "from": from = value
            case "source", "src": source = value
            case "target", "dst", "destination": target = value
            case "readonly", "ro", "readwrite", "rw":
                guard Self.goBool(value) != nil else { throw Self.invalid(key, value) }
            case "required":
                guard type == .secret || type == .ssh else {
                    throw Failure(message: "unexpected key '\(key)' for mount type '\(type.rawValue)'")
                }
                guard Self.goBool(value) != nil else { throw Self.invalid(key, value) }
            case "size":
                guard type == .tmpfs else {
                    throw Failure(message: "unexpected key '\(key)' for mount type '\(type.rawValue)'")
                }
                guard Self.isRAMSize(value) else { throw Self.invalid(key, value) }
            case "id": id = value
            case "sharing":
                guard ["shared", "private", "locked"].contains(value.lowercased()) else {
                    throw Self.unsupported("unsupported sharing value \"\(value)\"", value, ["shared", "private", "locked"])
                }
                sharing = value.lowercased()
            case "mode":
                guard value.first != "+", UInt32(value, radix: 8) != nil else {
                    throw Failure(message: "invalid value \(value) for mode")
                }
                mode = value
            case "uid":
                guard UInt32(value) != nil, value.first != "+" else { throw Failure(message: "invalid value \(value) for uid") }
                uid = value
            case "gid":
                guard UInt32(value) != nil, value.first != "+" else { throw Failure(message: "invalid value \(value) for gid") }
                gid = value
            case "env":
                break
            default:
                throw Self.unsupported("unexpected key '\(key)' in '\(field)'", key, Self.keys)
            }
        }
        guard expand != nil else { return }
        hasFileInfo = mode != nil || uid != nil || gid != nil
        if ![.secret, .ssh, .cache].contains(type) {
            for (name, given) in [("mode", mode), ("uid", uid), ("gid", gid)] where given != nil {
                throw Failure(message: "\(name) not allowed for \"\(type.rawValue)\" type mounts")
            }
        }
        if type == .secret {
            if !from.isEmpty { throw Failure(message: "secret mount should not have a from") }
            if !sharing.isEmpty { throw Failure(message: "secret mount should not define sharing") }
            if source.isEmpty && target.isEmpty && id.isEmpty {
                throw Failure(message: "invalid secret mount. one of source, target required")
            }
            if !source.isEmpty && !id.isEmpty { throw Failure(message: "both source and id can't be set") }
        }
        if !sharing.isEmpty && type != .cache {
            throw Failure(message: "invalid cache sharing set for \(type.rawValue) mount")
        }
        if type == .ssh && !source.isEmpty {
            throw Failure(message: "ssh does not support source")
        }
    }

    /// The `from=` of a mount as BuildKit knows it before expanding anything (the last one given).
    static func parsedFrom(_ value: String) -> String? {
        let fields = (try? CSVFields.split(value)) ?? []
        return fields.last { $0.prefix { $0 != "=" }.lowercased() == "from" && $0.contains("=") }
            .map { String($0[$0.index(after: $0.firstIndex(of: "=")!)...]) }
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func invalid(_ key: String, _ value: String) -> Failure {
        Failure(message: "invalid value for \(key): \(value)")
    }

    private static func unsupported(_ message: String, _ value: String, _ options: [String]) -> Failure {
        let suggestion = Suggestion.closest(to: value, among: options, caseSensitive: true)
        return Failure(message: message + (suggestion.map { " (did you mean \($0)?)" } ?? ""))
    }

    /// Go's `strconv.ParseBool`.
    static func goBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": true
        case "0", "f", "F", "false", "FALSE", "False": false
        default: nil
        }
    }

    /// `go-units.RAMInBytes`: a number, an optional space and an optional unit (`b`, `k`, `kb`, `kib`, … `p`).
    static func isRAMSize(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let separator = scalars.lastIndex(where: { "0123456789. ".unicodeScalars.contains($0) }) else {
            return false
        }
        let number = String(String.UnicodeScalarView(scalars[..<(scalars[separator] == " " ? separator : separator + 1)]))
        guard let size = Double(number), size >= 0 else { return false }
        let unit = String(String.UnicodeScalarView(scalars[(separator + 1)...])).lowercased()
        guard let first = unit.first, first != "b" else { return unit.count <= 1 }
        return "kmgtp".contains(first) && ["", "b", "ib"].contains(String(unit.dropFirst()))
    }
}
