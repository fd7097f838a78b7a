/// A token of an nginx configuration file, with the place where it starts.
struct NginxToken: Sendable, Hashable {
    /// What a token is.
    enum Kind: Sendable, Hashable {
        /// A bare or quoted word: quotes removed, escapes processed.
        case word(String)
        /// `;`, the end of a simple directive.
        case semicolon
        /// `{`, the start of a block.
        case openBrace
        /// `}`, the end of a block.
        case closeBrace
    }

    /// What the token is.
    var kind: Kind
    /// 1-based line of the token's first character (the opening quote of a quoted word).
    var line: Int
    /// 1-based column of the token's first character, counted in Unicode scalars.
    var column: Int
}

/// A syntax error in an nginx configuration file, located in that file.
struct NginxSyntaxError: Error, Sendable, Hashable {
    /// What is wrong.
    var message: String
    /// 1-based line.
    var line: Int
    /// 1-based column.
    var column: Int
}

/// Splits nginx configuration text into tokens the way nginx's `ngx_conf_read_token` does.
///
/// - Words end at whitespace, `;` or `{` (but `${` continues a variable); `}` and `#` inside a word are part of it.
/// - `#` at the start of a word starts a comment that runs to the end of the line.
/// - A word that starts with `"` or `'` runs to the matching quote; `;`, `{`, `}` and `#` inside are literal.
///   nginx requires whitespace, `;`, `{` or `)` right after the closing quote.
/// - A backslash protects the next character. In the word's value `\"`, `\'` and `\\` become the character,
///   `\t`, `\r`, `\n` become tab, carriage return and line feed, and any other `\x` stays as written (regexes).
struct NginxTokenizer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    /// Creates a tokenizer over `text`.
    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// Splits the whole text.
    ///
    /// - Returns: The tokens in order.
    /// - Throws: `NginxSyntaxError` for an unterminated string or a character glued to a closing quote.
    mutating func tokenize() throws(NginxSyntaxError) -> [NginxToken] {
        var tokens: [NginxToken] = []
        while let scalar = peek() {
            let startLine = line
            let startColumn = column
            let kind: NginxToken.Kind
            switch scalar {
            case " ", "\t", "\r", "\n":
                advance()
                continue
            case "#":
                skipComment()
                continue
            case ";":
                advance()
                kind = .semicolon
            case "{":
                advance()
                kind = .openBrace
            case "}":
                advance()
                kind = .closeBrace
            case "\"", "'":
                kind = .word(try quotedWord(quote: scalar))
            default:
                kind = .word(bareWord())
            }
            tokens.append(NginxToken(kind: kind, line: startLine, column: startColumn))
        }
        return tokens
    }

    // MARK: - Scanning

    private func peek() -> Unicode.Scalar? {
        index < scalars.count ? scalars[index] : nil
    }

    private mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func skipComment() {
        while let scalar = peek(), scalar != "\n" {
            advance()
        }
    }

    private mutating func quotedWord(quote: Unicode.Scalar) throws(NginxSyntaxError) -> String {
        let startLine = line
        let startColumn = column
        advance()
        var raw: [Unicode.Scalar] = []
        while true {
            guard let scalar = peek() else {
                throw NginxSyntaxError(
                    message: "unterminated string: the \(quote) opened here is never closed",
                    line: startLine, column: startColumn)
            }
            advance()
            if scalar == quote { break }
            raw.append(scalar)
            if scalar == "\\", let escaped = peek() {
                raw.append(escaped)
                advance()
            }
        }
        if let next = peek() {
            switch next {
            case " ", "\t", "\r", "\n", ";", "{", ")":
                // nginx lets `)` start the next word (`if ($a = "b")`).
                break
            default:
                throw NginxSyntaxError(
                    message: "unexpected \"\(next)\" after a quoted string; separate it with a space",
                    line: line, column: column)
            }
        }
        return Self.unescape(raw)
    }

    private mutating func bareWord() -> String {
        var raw: [Unicode.Scalar] = []
        var afterDollar = false
        while let scalar = peek() {
            switch scalar {
            case " ", "\t", "\r", "\n", ";":
                return Self.unescape(raw)
            case "{" where !afterDollar:
                return Self.unescape(raw)
            default:
                break
            }
            advance()
            raw.append(scalar)
            if scalar == "\\", let escaped = peek() {
                raw.append(escaped)
                advance()
                afterDollar = false
            } else {
                afterDollar = scalar == "$"
            }
        }
        return Self.unescape(raw)
    }

    /// Applies nginx's escape rules to the raw characters of a word.
    static func unescape(_ raw: [Unicode.Scalar]) -> String {
        var result = String.UnicodeScalarView()
        var position = 0
        while position < raw.count {
            let scalar = raw[position]
            if scalar == "\\", position + 1 < raw.count {
                let replacement: Unicode.Scalar?
                switch raw[position + 1] {
                case "\"", "'", "\\": replacement = raw[position + 1]
                case "t": replacement = "\t"
                case "r": replacement = "\r"
                case "n": replacement = "\n"
                default: replacement = nil
                }
                if let replacement {
                    result.append(replacement)
                    position += 2
                    continue
                }
            }
            result.append(scalar)
            position += 1
        }
        return String(result)
    }
}
