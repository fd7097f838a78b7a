import DocsgenCore

/// Expands `$V`, `${V}`, `${V:-d}`, `${V-d}`, `${V:+a}`, `${V+a}`, `${V:?e}`, `${V?e}` and removes
/// quotes, as BuildKit's shell lexer does for a single word, with its error messages.
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
    /// Leaves unset variables alone instead of failing on `${V?err}` (BuildKit's `SkipUnsetEnv`, used when it
    /// lexes a line only to find its words).
    var skipsUnset = false
    /// The pattern-matching work left; one budget serves every word of a Dockerfile.
    var budget = SubstitutionBudget()

    struct Failure: Error {
        var message: String
    }

    /// Deepest `${…${…}}` nesting accepted.
    static let depthLimit = 64
    /// Longest result of one word, in UTF-8 bytes: ARGs that repeat each other grow exponentially.
    static let expansionLimit = 1 << 16

    /// Expands one word.
    func expand(_ word: String) throws(Failure) -> String {
        var scanner = Scanner(chars: Array(word))
        return try expandUntil(&scanner, terminators: [], depth: 0)
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

    private func expandUntil(_ s: inout Scanner, terminators: Set<Character>, depth: Int) throws(Failure) -> String {
        guard depth <= Self.depthLimit else { throw Failure(message: "variable substitution nested more than \(Self.depthLimit) levels deep") }
        var out = ""
        while let ch = s.peek {
            if terminators.contains(ch) { return out }
            s.pos += 1
            switch ch {
            case "'":
                while true {
                    guard let c = s.take() else { throw Self.unterminated("single-quote") }
                    if c == "'" { break }
                    out.append(c)
                }
            case "\"":
                while true {
                    guard let c = s.take() else { throw Self.unterminated("double-quote") }
                    if c == "\"" { break }
                    if c == escape, let next = s.peek, next == "\"" || next == "$" || next == escape {
                        out.append(next)
                        s.pos += 1
                    } else if c == "$" {
                        try append(dollar(&s, depth: depth), to: &out)
                    } else {
                        out.append(c)
                    }
                }
            case escape:
                if let next = s.take() { out.append(next) }
            case "$":
                try append(dollar(&s, depth: depth), to: &out)
            default:
                out.append(ch)
            }
        }
        return out
    }

    private func append(_ value: String, to out: inout String) throws(Failure) {
        out += value
        guard out.utf8.count <= Self.expansionLimit else { throw Self.tooLong }
    }

    private func dollar(_ s: inout Scanner, depth: Int) throws(Failure) -> String {
        guard let next = s.peek else { return "$" }
        if next == "{" {
            let start = s.pos - 1
            s.pos += 1
            let name = readName(&s)
            guard !name.isEmpty else {
                throw s.peek == nil ? Self.missingBrace : Failure(message: "syntax error: bad substitution")
            }
            guard let op = s.take() else { throw Self.missingBrace }
            let value = environment[name]
            if op == "}" {
                if value == nil, keepLiteral.contains(name) { return String(s.chars[start..<s.pos]) }
                return value ?? ""
            }
            var modifier = String(op)
            if op == ":", let second = s.take() { modifier.append(second) }
            if (op == "#" || op == "%" || op == "/"), s.peek == op {
                modifier.append(op)
                s.pos += 1
            }
            if op == "/" {
                // BuildKit reads the pattern up to the next `/`: `${V/p}` without a replacement is an error.
                let pattern = try expandUntil(&s, terminators: ["/"], depth: depth + 1)
                guard s.take() == "/" else { throw Failure(message: "syntax error: missing '/' in ${}") }
                let replacement = try expandUntil(&s, terminators: ["}"], depth: depth + 1)
                guard s.take() == "}" else { throw Self.missingBrace }
                return try Self.replace(
                    value ?? "", pattern: pattern, with: replacement, all: modifier == "//", budget: &budget.steps)
            }
            let word = try expandUntil(&s, terminators: ["}"], depth: depth + 1)
            guard s.take() == "}" else { throw Self.missingBrace }
            let isSet = value != nil
            let isNonEmpty = !(value ?? "").isEmpty
            switch modifier {
            case ":-": return isNonEmpty ? value! : word
            case "-": return isSet ? value! : word
            case ":+": return isNonEmpty ? word : ""
            case "+": return isSet ? word : ""
            case ":?" where skipsUnset && !isSet, "?" where skipsUnset && !isSet:
                return ""
            case ":?":
                if isNonEmpty { return value! }
                throw Failure(message: "\(name): \(word.isEmpty ? "is not allowed to be empty" : word)")
            case "?":
                if isSet { return value! }
                throw Failure(message: "\(name): \(word.isEmpty ? "is not allowed to be unset" : word)")
            case "#", "##":
                return try Self.trimPrefix(value ?? "", pattern: word, longest: modifier == "##", budget: &budget.steps)
            case "%", "%%":
                return try Self.trimSuffix(value ?? "", pattern: word, longest: modifier == "%%", budget: &budget.steps)
            default:
                throw Failure(message: "unsupported modifier (\(modifier)) in substitution")
            }
        }
        let name = readName(&s)
        if name.isEmpty { return "$" }
        if let value = environment[name] { return value }
        return keepLiteral.contains(name) ? "$" + name : ""
    }

    /// `${V#p}` / `${V##p}`: removes the shortest / longest prefix matching the glob `p`.
    static func trimPrefix(
        _ value: String, pattern: String, longest: Bool, budget: inout Int
    ) throws(Failure) -> String {
        let chars = Array(value)
        let lengths = try matchingLengths(Glob.Compiled(pattern), in: chars, from: 0, budget: &budget)
        guard let length = longest ? lengths.last : lengths.first else { return value }
        return String(chars[length...])
    }

    /// `${V%p}` / `${V%%p}`: removes the shortest / longest suffix matching the glob `p`.
    static func trimSuffix(
        _ value: String, pattern: String, longest: Bool, budget: inout Int
    ) throws(Failure) -> String {
        let chars = Array(value)
        let lengths = try matchingLengths(Glob.Compiled(pattern).reversed, in: chars.reversed(), from: 0, budget: &budget)
        guard let length = longest ? lengths.last : lengths.first else { return value }
        return String(chars[..<(chars.count - length)])
    }

    /// `${V/p/r}` / `${V//p/r}`: replaces the first / every longest match of the glob `p`.
    static func replace(
        _ value: String, pattern: String, with replacement: String, all: Bool, budget: inout Int
    ) throws(Failure) -> String {
        guard !pattern.isEmpty else { return value }
        let compiled = Glob.Compiled(pattern)
        let chars = Array(value)
        var out = ""
        var index = 0
        var replaced = false
        while index < chars.count {
            if !replaced || all, let length = try matchingLengths(compiled, in: chars, from: index, budget: &budget).last,
                length > 0
            {
                out += replacement
                guard out.utf8.count <= expansionLimit else { throw tooLong }
                index += length
                replaced = true
                continue
            }
            out.append(chars[index])
            index += 1
        }
        return out
    }

    /// The lengths of the matches of `pattern` at `start`, or an error once the file's matching budget is spent.
    private static func matchingLengths(
        _ pattern: Glob.Compiled, in chars: [Character], from start: Int, budget: inout Int
    ) throws(Failure) -> [Int] {
        guard let lengths = pattern.matchingLengths(in: chars, from: start, limit: &budget) else {
            throw Failure(message: "pattern substitution too costly for a value of \(chars.count) characters")
        }
        return lengths
    }

    private static var tooLong: Failure {
        Failure(message: "variable substitution expands to more than \(expansionLimit) bytes")
    }

    /// The names of the variables a word refers to (`$V`, `${V}`, `${V:-…}`, also inside defaults), in order
    /// of first use, without the build-platform variables that are kept literal. Single-quoted text and
    /// escaped dollars refer to nothing. With `plainOnly`, `${V:-d}`-style uses (whose value an unset variable
    /// does not leave unknown) are left out.
    func references(in word: String, plainOnly: Bool = false) -> [String] {
        var scanner = Scanner(chars: Array(word))
        var names: [String] = []
        var inDouble = false
        while let ch = scanner.take() {
            switch ch {
            case "'" where !inDouble:
                while let c = scanner.take(), c != "'" {}
            case "\"":
                inDouble.toggle()
            case escape:
                scanner.pos += 1
            case "$":
                let braced = scanner.peek == "{"
                if braced { scanner.pos += 1 }
                let name = readName(&scanner)
                if plainOnly, braced, scanner.peek != "}" { continue }
                if !name.isEmpty, !keepLiteral.contains(name), !names.contains(name) { names.append(name) }
            default:
                break
            }
        }
        return names
    }

    static let missingBrace = Failure(message: "syntax error: missing '}'")

    static func unterminated(_ quote: String) -> Failure {
        Failure(message: "unexpected end of statement while looking for matching \(quote)")
    }

    /// Whether BuildKit's lexer reads `line` without an error (unset variables left as written).
    static func lexes(_ line: String) -> Bool {
        let lexer = ShellExpander(environment: [:], escape: "\\", skipsUnset: true)
        return (try? lexer.expand(line)) != nil
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

/// Pattern-matching steps left for one Dockerfile. `${V//p/r}` may try a match at every character of `V`; one
/// budget shared by all expanders of a file keeps a costly substitution repeated on every line bounded too.
final class SubstitutionBudget {
    /// Enough for every real Dockerfile many times over (a step is one character against one pattern element).
    static let steps = 4_000_000

    var steps = SubstitutionBudget.steps
}
