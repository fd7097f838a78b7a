/// Finds the heredocs an instruction line announces (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`).
enum HeredocScanner {
    /// The heredocs of a logical line, in order. A line BuildKit's lexer cannot read (an unterminated quote,
    /// `${` without `}`) announces none: BuildKit ignores the lexing error and finds no words.
    static func heredocs(in line: String) -> [Heredoc] {
        guard ShellExpander.lexes(line) else { return [] }
        return rawWords(line).compactMap(heredoc)
    }

    /// Splits on white space outside quotes, keeping quotes and backslash escapes (BuildKit lexes the
    /// line with `RawQuotes` and `RawEscapes`).
    static func rawWords(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quote: Character? = nil
        var escaped = false
        var hasWord = false
        for ch in line {
            if escaped {
                word.append(ch)
                escaped = false
                continue
            }
            if let q = quote {
                word.append(ch)
                if ch == "\\" && q == "\"" {
                    escaped = true
                } else if ch == q {
                    quote = nil
                }
                continue
            }
            if ch.isWhitespace {
                if hasWord { words.append(word) }
                word = ""
                hasWord = false
                continue
            }
            hasWord = true
            word.append(ch)
            if ch == "\\" {
                escaped = true
            } else if ch == "'" || ch == "\"" {
                quote = ch
            }
        }
        if hasWord { words.append(word) }
        return words
    }

    /// Matches `^(\d*)<<(-?)([^<]*)$` and reads the delimiter word.
    static func heredoc(_ word: String) -> Heredoc? {
        let digits = word.prefix { $0.isASCII && $0.isNumber }
        var rest = word.dropFirst(digits.count)
        guard rest.hasPrefix("<<") else { return nil }
        rest = rest.dropFirst(2)
        let chomp = rest.first == "-"
        if chomp { rest = rest.dropFirst() }
        guard !rest.isEmpty, !rest.contains("<") else { return nil }
        // The delimiter must be a single word once quotes are removed; a quote makes the body literal, an
        // escape does not (BuildKit compares the quotes left with and without quote removal).
        let chars = Array(rest)
        var name = ""
        var quote: Character? = nil
        var quoted = false
        var index = 0
        while index < chars.count {
            let ch = chars[index]
            index += 1
            if let q = quote {
                if ch == q {
                    quote = nil
                } else if q == "\"", ch == "\\", index < chars.count, ["\"", "$", "\\"].contains(chars[index]) {
                    name.append(chars[index])
                    index += 1
                } else {
                    name.append(ch)
                }
                continue
            }
            if ch == "\\" {
                if index < chars.count { name.append(chars[index]) }
                index += 1
                continue
            }
            if ch == "'" || ch == "\"" {
                quote = ch
                quoted = true
                continue
            }
            if ch.isWhitespace { return nil }
            name.append(ch)
        }
        guard quote == nil else { return nil }
        guard !name.isEmpty else { return nil }
        return Heredoc(name: name, content: "", chomp: chomp, expand: !quoted, fileDescriptor: Int(digits) ?? 0)
    }
}
