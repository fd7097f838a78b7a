/// Expands `$V`, `${V}`, `${V:-d}`, `${V-d}`, `${V:+a}`, `${V+a}`, `${V:?e}`, `${V?e}` and removes
/// quotes, as BuildKit's shell lexer does for a single word.
struct ShellExpander {
    /// Variables that are set (an empty value is still set).
    var environment: [String: String]
    /// The escape character of the Dockerfile.
    var escape: Character
    /// Variables BuildKit fills in from the build machine (`BUILDPLATFORM`): left as written when unset.
    var keepLiteral: Set<String> = [
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    ]

    struct Failure: Error {
        var message: String
    }

    /// Expands one word.
    func expand(_ word: String) throws(Failure) -> String {
        var scanner = Scanner(chars: Array(word))
        return try expandUntil(&scanner, terminator: nil)
    }

    private struct Scanner {
        let chars: [Character]
        var pos = 0
        var peek: Character? { pos < chars.count ? chars[pos] : nil }
        mutating func take() -> Character? {
            defer { pos += 1 }
            return peek
        }
    }

    private func expandUntil(_ s: inout Scanner, terminator: Character?) throws(Failure) -> String {
        var out = ""
        while let ch = s.peek {
            if let terminator, ch == terminator { return out }
            s.pos += 1
            switch ch {
            case "'":
                while let c = s.take(), c != "'" { out.append(c) }
            case "\"":
                while let c = s.take(), c != "\"" {
                    if c == escape, let next = s.peek, next == "\"" || next == "$" || next == escape {
                        out.append(next)
                        s.pos += 1
                    } else if c == "$" {
                        out += try dollar(&s)
                    } else {
                        out.append(c)
                    }
                }
            case escape:
                if let next = s.take() { out.append(next) }
            case "$":
                out += try dollar(&s)
            default:
                out.append(ch)
            }
        }
        return out
    }

    private func dollar(_ s: inout Scanner) throws(Failure) -> String {
        guard let next = s.peek else { return "$" }
        if next == "{" {
            let start = s.pos - 1
            s.pos += 1
            let name = readName(&s)
            guard !name.isEmpty else { throw Failure(message: "bad substitution: missing variable name") }
            guard let op = s.take() else { throw Failure(message: "missing '}' in variable substitution") }
            let value = environment[name]
            if op == "}" {
                if value == nil, keepLiteral.contains(name) { return String(s.chars[start..<s.pos]) }
                return value ?? ""
            }
            var modifier = String(op)
            if op == ":", let second = s.take() { modifier.append(second) }
            let word = try expandUntil(&s, terminator: "}")
            guard s.take() == "}" else { throw Failure(message: "missing '}' in variable substitution") }
            let isSet = value != nil
            let isNonEmpty = !(value ?? "").isEmpty
            switch modifier {
            case ":-": return isNonEmpty ? value! : word
            case "-": return isSet ? value! : word
            case ":+": return isNonEmpty ? word : ""
            case "+": return isSet ? word : ""
            case ":?":
                if isNonEmpty { return value! }
                throw Failure(message: "\(name): \(word.isEmpty ? "is not allowed to be empty" : word)")
            case "?":
                if isSet { return value! }
                throw Failure(message: "\(name): \(word.isEmpty ? "is not allowed to be unset" : word)")
            default:
                throw Failure(message: "unsupported modifier (\(modifier)) in substitution")
            }
        }
        let name = readName(&s)
        if name.isEmpty { return "$" }
        if let value = environment[name] { return value }
        return keepLiteral.contains(name) ? "$" + name : ""
    }

    private func readName(_ s: inout Scanner) -> String {
        var name = ""
        while let c = s.peek, c.isASCII, c.isLetter || c.isNumber || c == "_" {
            name.append(c)
            s.pos += 1
        }
        return name
    }
}
