/// A scalar typed the way Compose's YAML reader (go-yaml v3) types it before the schema sees it: a plain
/// `8080` is a number, plain `true`/`True`/`TRUE` a boolean, `~`, `null` and an empty value null, a plain
/// `2024-01-31` a timestamp (which no schema type accepts); quoted and interpolated scalars are strings, and so
/// are YAML 1.1 words such as `yes` and `on`.
struct ScalarValue: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case null, boolean, number, string, timestamp
    }

    let kind: Kind
    /// The text, for messages and for comparing strings.
    let text: String
    /// The value of a number (`nil` for other kinds).
    let number: Double?

    init(kind: Kind, text: String, number: Double? = nil) {
        self.kind = kind
        self.text = text
        self.number = number
    }

    /// Types a scalar; `isString` is true for quoted and interpolated scalars.
    init(_ text: String, isString: Bool) {
        guard !isString else {
            self.init(kind: .string, text: text)
            return
        }
        switch text {
        case "", "~", "null", "Null", "NULL": self.init(kind: .null, text: text)
        case "true", "True", "TRUE", "false", "False", "FALSE": self.init(kind: .boolean, text: text)
        default:
            if Self.isTimestamp(text) {
                self.init(kind: .timestamp, text: text)
            } else if let number = Self.yamlNumber(text) {
                self.init(kind: .number, text: text, number: number)
            } else {
                self.init(kind: .string, text: text)
            }
        }
    }

    /// Whether this is a number without a fractional part (JSON Schema's `integer`).
    var isWhole: Bool {
        guard let number else { return false }
        return number.isFinite && number.rounded(.towardZero) == number
    }

    /// Whether this scalar has one of `types`.
    func matches(_ types: ScalarTypes) -> Bool {
        switch kind {
        case .null: types.contains(.null)
        case .boolean: types.contains(.boolean)
        case .string: types.contains(.string)
        case .number: types.contains(.number) || (types.contains(.integer) && isWhole)
        case .timestamp: false
        }
    }

    /// A string converted as Compose converts it at the places of ``Cast``; `nil` when it does not convert.
    func converted(by cast: Cast) -> ScalarValue? {
        switch cast {
        case .integer:
            return Self.decimalInteger(text).map { ScalarValue(kind: .number, text: text, number: $0) }
        case .number:
            return Self.goFloat(text).map { ScalarValue(kind: .number, text: text, number: $0) }
        case .boolean:
            return Self.composeBool(text).map { ScalarValue(kind: .boolean, text: String($0)) }
        }
    }

    // MARK: - YAML resolution

    /// A number as go-yaml v3 resolves a plain scalar: integers in Go's base-prefixed syntax (`0x1F`, `0o17`,
    /// `0b101`, a leading `0` for octal) with underscores ignored, YAML-style floats, `.inf` and `.nan`.
    static func yamlNumber(_ text: String) -> Double? {
        guard let first = text.unicodeScalars.first else { return nil }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        if first == "." { return isYAMLFloat(text) ? Double(text) : nil }
        guard first == "+" || first == "-" || ("0"..."9").contains(first) else { return nil }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if let integer = goInteger(plain) { return integer }
        return isYAMLFloat(plain) ? Double(plain) : nil
    }

    /// Go's `strconv.ParseInt(text, 0, 64)` (or `ParseUint` for large values), as a `Double`.
    private static func goInteger(_ text: String) -> Double? {
        var digits = Substring(text)
        var sign = 1.0
        if let first = digits.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        var radix = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("0b") {
            radix = lower.hasPrefix("0x") ? 16 : (lower.hasPrefix("0o") ? 8 : 2)
            digits = digits.dropFirst(2)
        } else if digits.count > 1, digits.first == "0" {
            radix = 8
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, let value = UInt64(digits, radix: radix) else { return nil }
        guard sign > 0 || value <= UInt64(Int64.max) + 1 else { return nil }
        return sign * Double(value)
    }

    /// go-yaml's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    private static func isYAMLFloat(_ text: String) -> Bool {
        var chars = Substring(text)
        if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
        let whole = chars.prefix { $0.isASCII && $0.isNumber }
        chars = chars.dropFirst(whole.count)
        var fraction = Substring("")
        if chars.first == "." {
            chars = chars.dropFirst()
            fraction = chars.prefix { $0.isASCII && $0.isNumber }
            chars = chars.dropFirst(fraction.count)
            if whole.isEmpty, fraction.isEmpty { return false }
        } else if whole.isEmpty {
            return false
        }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
            let exponent = chars.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return false }
            chars = chars.dropFirst(exponent.count)
        }
        return chars.isEmpty
    }

    /// A plain `YYYY-M-D` date, optionally with a time (`T…` with a zone, or ` …` without), as go-yaml accepts.
    static func isTimestamp(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        guard chars.count >= 8, chars.prefix(4).allSatisfy(isDigit), chars[4] == UInt8(ascii: "-") else { return false }
        var index = 5
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var count = 0
            while index < chars.count, count < maxDigits, isDigit(chars[index]) {
                value = value * 10 + Int(chars[index] - UInt8(ascii: "0"))
                index += 1
                count += 1
            }
            return count == 0 ? nil : value
        }
        func expect(_ character: Character) -> Bool {
            guard index < chars.count, chars[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        let year = Int(String(decoding: chars.prefix(4), as: UTF8.self)) ?? 0
        guard let month = number(maxDigits: 2), expect("-"), let day = number(maxDigits: 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return false }
        guard index < chars.count else { return true }
        let separator = chars[index]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else { return false }
        index += 1
        guard let hour = number(maxDigits: 2), expect(":"), let minute = number(maxDigits: 2), expect(":"),
            let second = number(maxDigits: 2), hour < 24, minute < 60, second < 60
        else { return false }
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            guard number(maxDigits: 9) != nil else { return false }
        }
        if separator == UInt8(ascii: " ") { return index == chars.count }
        if expect("Z") { return index == chars.count }
        guard index < chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") else { return false }
        index += 1
        let zoneStart = index
        guard number(maxDigits: 2) != nil, index - zoneStart == 2, expect(":"), number(maxDigits: 2) != nil else { return false }
        return index == chars.count
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: - Compose's conversions

    /// Go's `strconv.Atoi` / `ParseInt(text, 10, 64)`: an optional sign and decimal digits.
    static func decimalInteger(_ text: String) -> Double? {
        Int64(text).map(Double.init)
    }

    /// Go's `strconv.ParseFloat`: decimal and hexadecimal floats, `inf`, `infinity` and `nan` in any case,
    /// underscores between digits; out of range is an error.
    static func goFloat(_ text: String) -> Double? {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        if ["inf", "infinity", "nan"].contains(body.lowercased()) { return Double(text.lowercased()) }
        let chars = Array(body)
        for (index, char) in chars.enumerated() where char == "_" {
            let before = index > 0 ? chars[index - 1] : " "
            let after = index + 1 < chars.count ? chars[index + 1] : " "
            guard before.isHexDigit || before == "x" || before == "X", after.isHexDigit else { return nil }
        }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        let lower = cleaned.lowercased()
        if lower.contains("0x"), !lower.contains("p") { return nil }  // Go needs a `p` exponent in hex floats
        guard let first = body.first, first.isNumber || first == "." else { return nil }
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    /// Compose's reading of a boolean string (`toBoolean`): y, yes, true, on, n, no, false, off in any case.
    static func composeBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "y", "yes", "true", "on": true
        case "n", "no", "false", "off": false
        default: nil
        }
    }
}
