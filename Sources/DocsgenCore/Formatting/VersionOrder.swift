/// Orders release names the way people read them: `1.9.0` before `1.10.0`, `v2` after `v1.5`.
public enum VersionOrder {
    /// A sort key: numeric runs compare as numbers, the rest as text. `nil` sorts first.
    public static func key(_ release: String?) -> String {
        guard let release else { return "" }
        var key = ""
        var digits = ""
        func flush() {
            if !digits.isEmpty {
                key += String(repeating: "0", count: max(0, 12 - digits.count)) + digits
                digits = ""
            }
        }
        for ch in release {
            if ch.isASCII && ch.isNumber {
                digits.append(ch)
            } else {
                flush()
                key.append(ch)
            }
        }
        flush()
        return "~" + key
    }
}
