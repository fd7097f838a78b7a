import Foundation

/// The one place facts become text, so every document shows the same value the same way.
public enum Format {
    /// A size in SI units as the docker CLI shows it: `359 MB` is 359,000,000 bytes, rounded.
    ///
    /// Values below 1 kB are shown in bytes; from 1 kB on, three significant digits at most
    /// (`4.21 kB`, `50.3 MB`, `1.2 GB`).
    public static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while abs(value) >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        return "\(significant(value)) \(units[unit])"
    }

    /// A ratio (0–1) as a percentage with one decimal: `0.6221` → `62.2 %`.
    public static func percent(_ ratio: Double) -> String {
        String(format: "%.1f %%", ratio * 100)
    }

    /// A size change with its sign: `+1.2 MB`, `−12 MB`, `±0 B`.
    public static func sizeChange(_ bytes: Int64) -> String {
        sign(of: bytes) + size(abs(bytes))
    }

    /// `+`, `−` (U+2212) or `±` for a change.
    public static func sign<Number: SignedNumeric & Comparable>(of change: Number) -> String {
        change > 0 ? "+" : (change < 0 ? "−" : "±")
    }

    /// Seconds in the shortest exact Go-style form Docker uses: `30s`, `1m30s`, `0.5s`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 60 || seconds > 1e12 || !seconds.isFinite {
            return "\(number(seconds))s"
        }
        let whole = Int(seconds.rounded(.down))
        let fraction = seconds - Double(whole)
        let hours = whole / 3600, minutes = whole % 3600 / 60
        let rest = Double(whole % 60) + fraction
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 || text.isEmpty { text += "\(number(rest))s" }
        return text
    }

    /// A number without a trailing `.0`: `30`, `0.5`.
    public static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func significant(_ value: Double) -> String {
        let decimals = abs(value) >= 100 ? 0 : (abs(value) >= 10 ? 1 : 2)
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
