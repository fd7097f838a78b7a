/// Hides values of secret-looking assignments (`DJANGO_SECRET_KEY=…`, `--build-arg API_TOKEN=…`) in
/// command text that documents show, such as image history entries.
public enum SecretRedaction {
    /// Name fragments that mark a variable as secret.
    public static let markers = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY"]

    /// Whether a variable name looks secret.
    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return markers.contains { upper.contains($0) }
    }

    /// `text` with the value of every `NAME=value` whose name looks secret replaced by `***`.
    public static func redact(_ text: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            if let equals = word.firstIndex(of: "=") {
                let name = word[..<equals].drop { !($0.isLetter || $0 == "_") }
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), isSecretName(String(name)) {
                    out += word[...equals] + "***"
                    word = ""
                    return
                }
            }
            out += word
            word = ""
        }
        for ch in text {
            if ch == " " || ch == "\t" || ch == "\n" {
                flush()
                out.append(ch)
            } else {
                word.append(ch)
            }
        }
        flush()
        return out
    }
}
