/// BuildKit's per-instruction argument rules (`line_parsers.go`), reimplemented.
enum ArgumentSplitter {
    struct Result {
        var values: [String]
        var isJSON: Bool
    }

    struct Failure: Error {
        var message: String
        var id: String
    }

    /// Splits `KEYWORD [--flags] rest` after trimming the line.
    static func splitCommand(_ line: String) -> (keyword: String, flags: [String], rest: String) {
        let trimmed = line.trimmingWhitespace().unicodeScalars
        guard let space = trimmed.firstIndex(where: isSeparator) else { return (String(trimmed), [], "") }
        let keyword = String(trimmed[..<space])
        let remainder = trimmed[space...].drop(while: isSeparator)
        let (rest, flags) = extractFlags(Array(remainder))
        return (keyword, flags, rest)
    }

    /// `[\t\v\f\r ]`
    @inline(__always)
    static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\u{0B}" || c == "\u{0C}" || c == "\r"
    }

    /// BuildKit's `extractBuilderFlags`: leading `--words` (quotes and `\` handled), then the rest as is.
    static func extractFlags(_ line: String) -> (rest: String, flags: [String]) {
        extractFlags(Array(line.unicodeScalars))
    }

    static func extractFlags(_ chars: [Unicode.Scalar]) -> (rest: String, flags: [String]) {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar? = nil
        var blankOK = false
        var pos = 0
        func rest(from index: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: chars[index...])
            return String(view)
        }
        while pos <= chars.count {
            let atEnd = pos == chars.count
            let ch: Unicode.Scalar = atEnd ? " " : chars[pos]
            if !inWord {
                if atEnd { break }
                if isSpace(ch) {
                    pos += 1
                    continue
                }
                if ch != "-" || pos + 1 == chars.count || chars[pos + 1] != "-" {
                    return (rest(from: pos), words)
                }
                inWord = true
            }
            if atEnd {
                if String(word) != "--" && (blankOK || !word.isEmpty) { words.append(String(word)) }
                break
            }
            if let q = quote {
                if ch == q {
                    quote = nil
                } else if ch == "\\" {
                    if pos + 1 == chars.count {
                        quote = nil
                    } else {
                        pos += 1
                        word.append(chars[pos])
                    }
                } else {
                    word.append(ch)
                }
                pos += 1
                continue
            }
            if isSpace(ch) {
                inWord = false
                if String(word) == "--" { return (rest(from: pos), words) }
                if blankOK || !word.isEmpty { words.append(String(word)) }
                word = String.UnicodeScalarView()
                blankOK = false
                pos += 1
                continue
            }
            if ch == "'" || ch == "\"" {
                quote = ch
                blankOK = true
                pos += 1
                continue
            }
            if ch == "\\" {
                if pos + 1 == chars.count {
                    pos += 1
                    continue
                }
                pos += 1
                word.append(chars[pos])
                pos += 1
                continue
            }
            word.append(ch)
            pos += 1
        }
        return ("", words)
    }

    /// The arguments of an instruction, split by the rule BuildKit uses for it.
    static func arguments(for command: String, rest: String, escape: Character) throws(Failure) -> Result {
        switch command {
        case "add", "copy", "volume":
            return try maybeJSONToList(rest)
        case "cmd", "entrypoint", "run", "shell":
            return try maybeJSON(rest)
        case "env":
            return try nameValue(rest, key: "ENV", escape: escape)
        case "label":
            return try nameValue(rest, key: "LABEL", escape: escape)
        case "arg":
            return Result(values: words(rest, escape: escape), isJSON: false)
        case "expose", "from":
            return Result(values: whitespaceDelimited(rest), isJSON: false)
        case "healthcheck":
            return try healthcheck(rest)
        case "maintainer", "stopsignal", "user", "workdir":
            return Result(values: rest.isEmpty ? [] : [rest], isJSON: false)
        case "onbuild":
            // BuildKit shows a nested `ONBUILD ONBUILD x` (rejected later) with one empty value.
            return Result(values: rest.isEmpty ? [] : [""], isJSON: false)
        default:
            return Result(values: [""], isJSON: false)
        }
    }

    static let notStringArray = Failure(
        message: "when using JSON array syntax, arrays must be comprised of strings only", id: "dockerfile.json-not-strings")

    static func maybeJSON(_ rest: String) throws(Failure) -> Result {
        if rest.isEmpty { return Result(values: [], isJSON: false) }
        switch JSONArray.parseStrings(rest) {
        case .strings(let values): return Result(values: values, isJSON: true)
        case .notStrings: throw notStringArray
        case .invalid: return Result(values: [rest], isJSON: false)
        }
    }

    static func maybeJSONToList(_ rest: String) throws(Failure) -> Result {
        switch JSONArray.parseStrings(rest) {
        case .strings(let values): return Result(values: values, isJSON: true)
        case .notStrings: throw notStringArray
        case .invalid: return Result(values: whitespaceDelimited(rest), isJSON: false)
        }
    }

    static func whitespaceDelimited(_ rest: String) -> [String] {
        if rest.isEmpty { return [] }
        var parts = rest.unicodeScalars.split(omittingEmptySubsequences: false, whereSeparator: isSeparator).map { String($0) }
        // Go's regexp.Split yields "" around separators at the ends, but collapses runs in the middle.
        parts = parts.enumerated().filter { index, part in
            !part.isEmpty || index == 0 || index == parts.count - 1
        }.map(\.element)
        return parts
    }

    static func healthcheck(_ rest: String) throws(Failure) -> Result {
        let scalars = rest.unicodeScalars
        guard let sep = scalars.firstIndex(where: isSpace) else {
            return Result(values: rest.isEmpty ? [] : [rest], isJSON: false)
        }
        let type = String(scalars[..<sep])
        if type.isEmpty { return Result(values: [], isJSON: false) }
        let command = try maybeJSON(String(scalars[sep...].drop(while: isSpace)))
        return Result(values: [type] + command.values, isJSON: command.isJSON)
    }

    /// `ENV`/`LABEL`: `KEY value` (old form) or `KEY=value ...`.
    static func nameValue(_ rest: String, key: String, escape: Character) throws(Failure) -> Result {
        let parts = words(rest, escape: escape)
        guard let first = parts.first else { return Result(values: [], isJSON: false) }
        if !first.contains("=") {
            let scalars = rest.unicodeScalars
            guard let space = scalars.firstIndex(where: isSeparator) else {
                throw Failure(message: "\(key) must have two arguments", id: "dockerfile.missing-argument")
            }
            let value = String(scalars[space...].drop(while: isSeparator))
            return Result(values: [String(scalars[..<space]), value], isJSON: false)
        }
        var values: [String] = []
        for word in parts {
            guard let equals = word.firstIndex(of: "=") else {
                throw Failure(
                    message: "Syntax error - can't find = in \"\(word)\". Must be of the form: name=value",
                    id: "dockerfile.name-value")
            }
            values.append(String(word[..<equals]))
            values.append(String(word[word.index(after: equals)...]))
        }
        return Result(values: values, isJSON: false)
    }

    /// BuildKit's `parseWords`: split on white space outside quotes, keeping quotes and escapes.
    static func words(_ rest: String, escape: Character) -> [String] {
        let chars = Array(rest.unicodeScalars)
        let escape = escape.unicodeScalars.first!
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar? = nil
        var blankOK = false
        var pos = 0
        while pos <= chars.count {
            let atEnd = pos == chars.count
            if !inWord {
                if atEnd { break }
                if isSpace(chars[pos]) {
                    pos += 1
                    continue
                }
                inWord = true
            }
            if atEnd {
                if blankOK || !word.isEmpty { words.append(String(word)) }
                break
            }
            var ch = chars[pos]
            if let q = quote {
                if ch == q { quote = nil }
                if ch == escape && q != "'" {
                    if pos + 1 == chars.count {
                        quote = nil
                        pos += 1
                        continue
                    }
                    pos += 1
                    word.append(ch)
                    ch = chars[pos]
                }
                word.append(ch)
                pos += 1
                continue
            }
            if isSpace(ch) {
                inWord = false
                if blankOK || !word.isEmpty { words.append(String(word)) }
                word = String.UnicodeScalarView()
                blankOK = false
                pos += 1
                continue
            }
            if ch == "'" || ch == "\"" {
                quote = ch
                blankOK = true
            }
            if ch == escape {
                if pos + 1 == chars.count {
                    pos += 1
                    continue
                }
                word.append(ch)
                pos += 1
                ch = chars[pos]
            }
            word.append(ch)
            pos += 1
        }
        return words
    }
}
