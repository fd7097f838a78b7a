/// Reads the first JSON value of a string the way Go's `json.Decoder.Decode` does (trailing text is
/// ignored) and reports whether it is an array of strings.
enum JSONArray {
    enum Outcome: Equatable {
        /// A JSON array whose elements are all strings.
        case strings([String])
        /// Valid JSON array with a non-string element: BuildKit rejects it.
        case notStrings
        /// Not a JSON array: BuildKit falls back to shell form.
        case invalid
    }

    static func parseStrings(_ text: String) -> Outcome {
        var reader = Reader(Array(text.unicodeScalars))
        reader.skipWhitespace()
        guard reader.peek == "[" else { return .invalid }
        guard let value = reader.value() else { return .invalid }
        guard case .array(let elements) = value else { return .invalid }
        var strings: [String] = []
        for element in elements {
            guard case .string(let s) = element else { return .notStrings }
            strings.append(s)
        }
        return .strings(strings)
    }

    private indirect enum Value {
        case string(String)
        case array([Value])
        case other
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var pos = 0
        var depth = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var peek: Unicode.Scalar? { pos < scalars.count ? scalars[pos] : nil }

        mutating func skipWhitespace() {
            while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
        }

        mutating func value() -> Value? {
            skipWhitespace()
            guard let c = peek else { return nil }
            switch c {
            case "\"": return string().map(Value.string)
            case "[":
                depth += 1
                defer { depth -= 1 }
                guard depth < 512 else { return nil }
                pos += 1
                var elements: [Value] = []
                skipWhitespace()
                if peek == "]" {
                    pos += 1
                    return .array(elements)
                }
                while true {
                    guard let element = value() else { return nil }
                    elements.append(element)
                    skipWhitespace()
                    if peek == "," {
                        pos += 1
                    } else if peek == "]" {
                        pos += 1
                        return .array(elements)
                    } else {
                        return nil
                    }
                }
            case "{":
                depth += 1
                defer { depth -= 1 }
                guard depth < 512 else { return nil }
                pos += 1
                skipWhitespace()
                if peek == "}" {
                    pos += 1
                    return .other
                }
                while true {
                    skipWhitespace()
                    guard peek == "\"", string() != nil else { return nil }
                    skipWhitespace()
                    guard peek == ":" else { return nil }
                    pos += 1
                    guard value() != nil else { return nil }
                    skipWhitespace()
                    if peek == "," {
                        pos += 1
                    } else if peek == "}" {
                        pos += 1
                        return .other
                    } else {
                        return nil
                    }
                }
            case "t": return literal("true")
            case "f": return literal("false")
            case "n": return literal("null")
            default: return number()
            }
        }

        mutating func literal(_ word: String) -> Value? {
            for expected in word.unicodeScalars {
                guard peek == expected else { return nil }
                pos += 1
            }
            return .other
        }

        mutating func number() -> Value? {
            let start = pos
            if peek == "-" { pos += 1 }
            guard let first = peek, ("0"..."9").contains(first) else { return nil }
            if first == "0" {
                pos += 1
            } else {
                while let c = peek, ("0"..."9").contains(c) { pos += 1 }
            }
            if peek == "." {
                pos += 1
                guard let c = peek, ("0"..."9").contains(c) else { return nil }
                while let c = peek, ("0"..."9").contains(c) { pos += 1 }
            }
            if peek == "e" || peek == "E" {
                pos += 1
                if peek == "+" || peek == "-" { pos += 1 }
                guard let c = peek, ("0"..."9").contains(c) else { return nil }
                while let c = peek, ("0"..."9").contains(c) { pos += 1 }
            }
            return pos > start ? .other : nil
        }

        mutating func string() -> String? {
            guard peek == "\"" else { return nil }
            pos += 1
            var result = String.UnicodeScalarView()
            while let c = peek {
                pos += 1
                switch c {
                case "\"":
                    return String(result)
                case "\\":
                    guard let e = peek else { return nil }
                    pos += 1
                    switch e {
                    case "\"", "\\", "/": result.append(e)
                    case "b": result.append("\u{08}")
                    case "f": result.append("\u{0C}")
                    case "n": result.append("\n")
                    case "r": result.append("\r")
                    case "t": result.append("\t")
                    case "u":
                        guard let unit = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(unit), peek == "\\", pos + 1 < scalars.count, scalars[pos + 1] == "u" {
                            let save = pos
                            pos += 2
                            if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                                let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                                result.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                                continue
                            }
                            pos = save
                        }
                        result.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                    default:
                        return nil
                    }
                default:
                    guard c.value >= 0x20 else { return nil }
                    result.append(c)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard pos + 4 <= scalars.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = hexValue(scalars[pos]) else { return nil }
                value = value * 16 + digit
                pos += 1
            }
            return value
        }

        func hexValue(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": c.value - 48
            case "a"..."f": c.value - 87
            case "A"..."F": c.value - 55
            default: nil
            }
        }
    }
}
