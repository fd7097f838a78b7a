/// Compose's variable interpolation (`${V}`, `$V`, `${V:-d}`, `${V-d}`, `${V:+a}`, `${V+a}`, `${V:?e}`, `${V?e}`,
/// `$$`), recording which variables supplied the value so secrets can be withheld.
struct Interpolator: Sendable {
    /// Variables that are set: the env files and, when enabled, the process environment.
    var variables: [String: String]
    /// Variables whose values may appear in documents.
    var publicVariables: Set<String>

    /// The result of interpolating one string.
    struct Result: Sendable, Hashable {
        var value: String
        /// Non-public variables whose values (from the environment or an env file) ended up in `value`.
        var hiddenVariables: [String]
    }

    /// Most bytes the variables inserted into one string may add up to: `.env` values that repeat earlier ones
    /// grow exponentially, and one file of them would fill the memory.
    static let insertedLimit = 1 << 16

    enum Failure: Error, Equatable {
        /// `${V:?message}` or `${V?message}` with `V` unset (or empty for `:?`).
        case required(name: String, message: String)
        /// Malformed template, such as an unclosed `${`.
        case invalid(String)
        /// The values inserted add up to more than ``Interpolator/insertedLimit`` bytes.
        case tooLong
    }

    func interpolate(_ text: String) throws(Failure) -> Result {
        guard text.contains("$") else { return Result(value: text, hiddenVariables: []) }
        var scanner = Scanner(Array(text.unicodeScalars))
        var hidden: [String] = []
        var inserted = 0
        let value = try expand(&scanner, until: nil, hidden: &hidden, inserted: &inserted)
        return Result(value: value, hiddenVariables: hidden)
    }

    struct Scanner {
        let chars: [Unicode.Scalar]
        var pos = 0
        init(_ chars: [Unicode.Scalar]) { self.chars = chars }
        var peek: Unicode.Scalar? { pos < chars.count ? chars[pos] : nil }
    }

    private func expand(
        _ s: inout Scanner, until terminator: Unicode.Scalar?, hidden: inout [String], inserted: inout Int
    ) throws(Failure) -> String {
        var out = String.UnicodeScalarView()
        var braceDepth = 0
        while let c = s.peek {
            if let terminator, c == terminator, braceDepth == 0 { return String(out) }
            s.pos += 1
            if c == "{" && terminator != nil { braceDepth += 1 }
            if c == "}" && terminator != nil { braceDepth -= 1 }
            guard c == "$" else {
                out.append(c)
                continue
            }
            guard let next = s.peek else {
                out.append("$")  // Compose keeps a trailing `$` as it is
                continue
            }
            if next == "$" {
                s.pos += 1
                out.append("$")
            } else if next == "{" {
                s.pos += 1
                let value = try braced(&s, hidden: &hidden, inserted: &inserted)
                try Self.count(value, in: &inserted)
                out.append(contentsOf: value.unicodeScalars)
            } else if Self.isNameStart(next) {
                let name = Self.readName(&s)
                let value = lookup(name, hidden: &hidden)
                try Self.count(value, in: &inserted)
                out.append(contentsOf: value.unicodeScalars)
            } else {
                out.append("$")  // `$5`, `$ `: not a variable, kept as written (as Compose does)
            }
        }
        if terminator != nil { throw .invalid("Invalid template: missing \"}\"") }
        return String(out)
    }

    /// Adds what a substitution inserts to the string's total; an error past ``insertedLimit``.
    private static func count(_ value: String, in inserted: inout Int) throws(Failure) {
        inserted += value.utf8.count
        if inserted > insertedLimit { throw .tooLong }
    }

    private func lookup(_ name: String, hidden: inout [String]) -> String {
        guard let value = variables[name] else { return "" }
        if !publicVariables.contains(name), !value.isEmpty, !hidden.contains(name) { hidden.append(name) }
        return value
    }

    private func braced(_ s: inout Scanner, hidden: inout [String], inserted: inout Int) throws(Failure) -> String {
        let name = Self.readName(&s)
        guard !name.isEmpty else { throw .invalid("Invalid template: \"${\" must be followed by a variable name") }
        guard let op = s.peek else { throw .invalid("Invalid template: missing \"}\" after \"${\(name)\"") }
        s.pos += 1
        let value = variables[name]
        if op == "}" { return lookup(name, hidden: &hidden) }
        var modifier = String(Character(op))
        if op == ":" {
            guard let second = s.peek, ["-", "+", "?"].contains(second) else {
                throw .invalid("Invalid template: \"${\(name):\" must be followed by -, + or ?")
            }
            modifier.append(Character(second))
            s.pos += 1
        }
        guard ["-", "+", "?", ":-", ":+", ":?"].contains(modifier) else {
            throw .invalid("Invalid template: unexpected \"\(modifier)\" after \"${\(name)\"")
        }
        var wordHidden: [String] = []
        let wordStart = s.pos
        let word = try expand(&s, until: "}", hidden: &wordHidden, inserted: &inserted)
        // Messages quote the word as written, so an error never prints another variable's value.
        let writtenWord = String(String.UnicodeScalarView(s.chars[wordStart..<s.pos]))
        guard s.peek == "}" else { throw .invalid("Invalid template: missing \"}\"") }
        s.pos += 1
        let isSet = value != nil
        let isNonEmpty = !(value ?? "").isEmpty
        func useWord() -> String {
            for variable in wordHidden where !hidden.contains(variable) { hidden.append(variable) }
            return word
        }
        switch modifier {
        case ":-": return isNonEmpty ? lookup(name, hidden: &hidden) : useWord()
        case "-": return isSet ? lookup(name, hidden: &hidden) : useWord()
        case ":+": return isNonEmpty ? useWord() : ""
        case "+": return isSet ? useWord() : ""
        case ":?":
            if isNonEmpty { return lookup(name, hidden: &hidden) }
            throw .required(name: name, message: writtenWord.isEmpty ? "required variable \(name) is missing a value" : writtenWord)
        default:
            if isSet { return lookup(name, hidden: &hidden) }
            throw .required(name: name, message: writtenWord.isEmpty ? "required variable \(name) is missing a value" : writtenWord)
        }
    }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    static func readName(_ s: inout Scanner) -> String {
        var name = String.UnicodeScalarView()
        guard let first = s.peek, isNameStart(first) else { return "" }
        while let c = s.peek, isNameStart(c) || ("0"..."9").contains(c) {
            name.append(c)
            s.pos += 1
        }
        return String(name)
    }
}
