/// Compose's units: memory in binary units (`512m` = 512 × 1024²), CPUs as fractions.
enum Units {
    /// Docker's `RAMInBytes`: `^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$`, binary multiples.
    static func bytes(_ text: String) -> Int64? {
        var rest = Substring(text)
        let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !number.isEmpty, let value = Double(number), number.first != "." else { return nil }
        rest = rest.dropFirst(number.count)
        if rest.first == " " { rest = rest.dropFirst() }
        var multiplier: Double = 1
        if let unit = rest.first, "kKmMgGtTpP".contains(unit) {
            let power = ["k": 1, "m": 2, "g": 3, "t": 4, "p": 5][unit.lowercased()] ?? 0
            multiplier = pow1024(power)
            rest = rest.dropFirst()
        }
        if rest.first == "i" || rest.first == "I" { rest = rest.dropFirst() }
        if rest.first == "b" || rest.first == "B" { rest = rest.dropFirst() }
        guard rest.isEmpty else { return nil }
        let bytes = value * multiplier
        guard bytes.isFinite, bytes < 9.2e18 else { return nil }
        return Int64(bytes)
    }

    private static func pow1024(_ power: Int) -> Double {
        (0..<power).reduce(1.0) { value, _ in value * 1024 }
    }

    /// CPUs: a non-negative decimal number.
    static func cpus(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite, value >= 0 else { return nil }
        return value
    }
}
