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
        let trimmed = line.trimmingWhitespace()
        guard let space = trimmed.firstIndex(where: isSeparator) else { return (trimmed, [], "") }
        let keyword = String(trimmed[..<space])
        let remainder = String(trimmed[space...].drop(while: isSeparator))
        let (rest, flags) = extractFlags(remainder)
        return (keyword, flags, rest)
    }

    /// `[\t\v\f\r ]`
    static func isSeparator(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\u{0B}" || c == "\u{0C}" || c == "\r" || c == "\r\n"
    }

    /// BuildKit's `extractBuilderFlags`: leading `--words` (quotes and `\` handled), then the rest as is.
    static func extractFlags(_ line: String) -> (rest: String, flags: [String]) {
        let chars = Array(line)
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character? = nil
        var blankOK = false
        var pos = 0
        while pos <= chars.count {
            let atEnd = pos == chars.count
            let ch: Character = atEnd ? " " : chars[pos]
            if !inWord {
                if atEnd { break }
                if ch.isWhitespace {
                    pos += 1
                    continue
                }
                if ch != "-" || pos + 1 == chars.count || chars[pos + 1] != "-" {
                    return (String(chars[pos...]), words)
                }
                inWord = true
            }
            if atEnd {
                if word != "--" && (blankOK || !word.isEmpty) { words.append(word) }
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
            if ch.isWhitespace {
                inWord = false
                if word == "--" { return (String(chars[pos...]), words) }
                if blankOK || !word.isEmpty { words.append(word) }
                word = ""
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
            return Result(values: [], isJSON: false)
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
        var parts = rest.split(omittingEmptySubsequences: false, whereSeparator: isSeparator).map(String.init)
        // Go's regexp.Split yields "" around separators at the ends, but collapses runs in the middle.
        parts = parts.enumerated().filter { index, part in
            !part.isEmpty || index == 0 || index == parts.count - 1
        }.map(\.element)
        return parts
    }

    static func healthcheck(_ rest: String) throws(Failure) -> Result {
        guard let sep = rest.firstIndex(where: \.isWhitespace) else {
            return Result(values: rest.isEmpty ? [] : [rest], isJSON: false)
        }
        let type = String(rest[..<sep])
        if type.isEmpty { return Result(values: [], isJSON: false) }
        let command = try maybeJSON(String(rest[sep...].drop(while: \.isWhitespace)))
        return Result(values: [type] + command.values, isJSON: command.isJSON)
    }

    /// `ENV`/`LABEL`: `KEY value` (old form) or `KEY=value ...`.
    static func nameValue(_ rest: String, key: String, escape: Character) throws(Failure) -> Result {
        let parts = words(rest, escape: escape)
        guard let first = parts.first else { return Result(values: [], isJSON: false) }
        if !first.contains("=") {
            guard let space = rest.firstIndex(where: isSeparator) else {
                throw Failure(message: "\(key) must have two arguments", id: "dockerfile.missing-argument")
            }
            let value = String(rest[space...].drop(while: isSeparator))
            return Result(values: [String(rest[..<space]), value], isJSON: false)
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
        let chars = Array(rest)
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character? = nil
        var blankOK = false
        var pos = 0
        while pos <= chars.count {
            let atEnd = pos == chars.count
            if !inWord {
                if atEnd { break }
                if chars[pos].isWhitespace {
                    pos += 1
                    continue
                }
                inWord = true
            }
            if atEnd {
                if blankOK || !word.isEmpty { words.append(word) }
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
            if ch.isWhitespace {
                inWord = false
                if blankOK || !word.isEmpty { words.append(word) }
                word = ""
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
