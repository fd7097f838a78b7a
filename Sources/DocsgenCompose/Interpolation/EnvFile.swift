import DocsgenCore

/// Reads a `.env` file as Compose does: `KEY=value`, optional `export`, `#` comments, single quotes
/// (literal), double quotes (escapes and `${…}`), unquoted values with inline ` #` comments, and
/// interpolation of earlier variables.
struct EnvFile {
    struct Variable: Sendable, Hashable {
        var name: String
        var value: String
        var line: Int
    }

    /// Parses `text`; `inherited` are variables visible to `${…}` references (earlier files, the environment).
    static func parse(_ text: String, file: String, inherited: [String: String]) -> ([Variable], [Diagnostic]) {
        var variables: [Variable] = []
        var diagnostics: [Diagnostic] = []
        var known = inherited
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        var index = 0
        while index < lines.count {
            let lineNumber = index + 1
            var line = lines[index].drop { $0 == " " || $0 == "\t" }
            index += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export"), let next = line.dropFirst(6).first, next == " " || next == "\t" {
                line = line.dropFirst(6).drop { $0 == " " || $0 == "\t" }
            }
            guard let equals = line.firstIndex(of: "=") else {
                // `NAME` alone: take it from the inherited environment, as Compose does.
                let name = line.trimmingCharacters(in: " \t")
                if isValidName(name) {
                    if let value = inherited[name] {
                        variables.append(Variable(name: name, value: value, line: lineNumber))
                        known[name] = value
                    }
                } else {
                    diagnostics.append(Diagnostic(
                        .error, "unexpected line in env file: expected NAME=value", id: "compose.env-file",
                        at: SourceLocation(file: file, line: lineNumber, column: 1)))
                }
                continue
            }
            let name = line[..<equals].trimmingCharacters(in: " \t")
            guard isValidName(name) else {
                diagnostics.append(Diagnostic(
                    .error, "invalid variable name '\(name)' in env file", id: "compose.env-file",
                    at: SourceLocation(file: file, line: lineNumber, column: 1)))
                continue
            }
            var rest = line[line.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var value: String?
            if let quote = rest.first, quote == "'" || quote == "\"" {
                // Scan forward once for the closing quote, across lines; a missing one is an error.
                rest = rest.dropFirst()
                var collected = ""
                var closing: String.Index?
                var segment = String(rest)
                while true {
                    let start = collected.endIndex
                    collected += segment
                    if let found = quote == "'" ? collected[start...].firstIndex(of: "'") : closingQuote(in: collected, from: start) {
                        closing = found
                        break
                    }
                    guard index < lines.count else { break }
                    collected += "\n"
                    segment = String(lines[index])
                    index += 1
                }
                guard let closing else {
                    diagnostics.append(Diagnostic(
                        .error, "unterminated quoted value of \(name)", id: "compose.env-file",
                        at: SourceLocation(file: file, line: lineNumber, column: 1)))
                    break
                }
                let body = String(collected[..<closing])
                // `\$` stays a literal dollar: escape it for the expansion that follows.
                value = quote == "'" ? body : expand(unescape(body.replacingOccurrences(of: "\\$", with: "\u{0}")), known: known)?
                    .replacingOccurrences(of: "\u{0}", with: "$")
            } else {
                var text = String(rest)
                if let comment = text.range(of: " #") { text = String(text[..<comment.lowerBound]) }
                value = expand(text.trimmingCharacters(in: " \t"), known: known)
            }
            guard let value else {
                diagnostics.append(Diagnostic(
                    .error, "the variables in the value of \(name) add up to more than \(Interpolator.insertedLimit) bytes",
                    id: "compose.env-file", at: SourceLocation(file: file, line: lineNumber, column: 1)))
                continue
            }
            variables.append(Variable(name: name, value: value, line: lineNumber))
            known[name] = value
        }
        return (variables, diagnostics)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, Interpolator.isNameStart(first) else { return false }
        return name.unicodeScalars.allSatisfy { Interpolator.isNameStart($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }

    private static func closingQuote(in text: String, from start: String.Index) -> String.Index? {
        var escaped = false
        // An escape at the end of the previous segment cannot precede `start`: segments end at line ends.
        for index in text[start...].indices {
            let ch = text[index]
            if escaped {
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "\"" {
                return index
            }
        }
        return nil
    }

    private static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for ch in text {
            if escaped {
                switch ch {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(ch)
                }
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// `text` with the known variables in it; as written when it is not a valid template (Compose keeps it), `nil`
    /// when the variables add up to too much.
    private static func expand(_ text: String, known: [String: String]) -> String? {
        do {
            return try Interpolator(variables: known, publicVariables: []).interpolate(text).value
        } catch {
            return error == .tooLong ? nil : text
        }
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var slice = Substring(self)
        while let first = slice.first, chars.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, chars.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
