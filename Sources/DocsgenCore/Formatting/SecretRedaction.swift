/// Hides secrets in command text that documents show (image history, build logs, Dockerfile steps):
/// values of secret-looking assignments (`DJANGO_SECRET_KEY=…`, quoted values included), the argument after
/// `--password`/`--token`/`Bearer`, and passwords in URLs (`https://user:pass@host`).
public enum SecretRedaction {
    /// Name fragments that mark a variable as secret.
    public static let markers = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE"]

    /// Whether a variable name looks secret (`DB_PASSWORD`, `API_TOKEN`, `DB_PASS`, `GITHUB_PAT`, `REDISCLI_AUTH`).
    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        if markers.contains(where: { upper.contains($0) }) { return true }
        let parts = upper.split { $0 == "_" || $0 == "-" || $0 == "." }
        return parts.contains { $0 == "PASS" || $0 == "PAT" || $0 == "AUTH" || $0 == "PWD" }
    }

    /// Options whose next word is a secret.
    static let secretOptions: Set<String> = ["--password", "--passwd", "--token", "--secret", "--api-key", "--auth", "bearer", "-p:"]

    /// `text` with every secret replaced by `***`; spacing and everything else kept.
    public static func redact(_ text: String) -> String {
        // Fast path: most command text names no secret at all.
        guard mayContainSecret(text) else { return text }
        var out = ""
        var word = ""
        var quote: Character?
        var hideNext = false
        func flush() {
            guard !word.isEmpty else { return }
            out += redactWord(word, hideWhole: hideNext)
            hideNext = secretOptions.contains(word.lowercased())
            word = ""
        }
        for ch in text {
            if let q = quote {
                word.append(ch)
                if ch == q { quote = nil }
                continue
            }
            if ch == "\"" || ch == "'" {
                quote = ch
                word.append(ch)
            } else if ch == " " || ch == "\t" || ch == "\n" {
                flush()
                out.append(ch)
            } else {
                word.append(ch)
            }
        }
        flush()
        return out
    }

    static func redactWord(_ word: String, hideWhole: Bool) -> String {
        if hideWhole { return "***" }
        if let equals = word.firstIndex(of: "=") {
            let name = word[..<equals].drop { !($0.isLetter || $0 == "_") }
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), isSecretName(String(name)) {
                return String(word[...equals]) + "***"
            }
        }
        // scheme://user:password@host
        // (userinfo comes before the host: no `/` may stand between `://` and `@`, so `image:tag@sha256:…` is kept)
        if let scheme = word.range(of: "://"), let at = word[scheme.upperBound...].firstIndex(of: "@"),
            !word[scheme.upperBound..<at].contains("/"), let colon = word[scheme.upperBound..<at].firstIndex(of: ":")
        {
            return String(word[...colon]) + "***" + String(word[at...])
        }
        return word
    }

    static let triggers: [[UInt8]] = (markers + ["PASS", "PAT", "AUTH", "PWD", "://", "BEARER"]).map { Array($0.utf8) }

    /// Whether any trigger word occurs, compared on ASCII upper case, byte by byte (no Foundation search).
    static func mayContainSecret(_ text: String) -> Bool {
        let bytes = text.utf8.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
        guard bytes.count >= 3 else { return false }
        for start in 0..<bytes.count {
            for trigger in triggers where start + trigger.count <= bytes.count && bytes[start] == trigger[0] {
                var match = true
                for offset in 1..<trigger.count where bytes[start + offset] != trigger[offset] {
                    match = false
                    break
                }
                if match { return true }
            }
        }
        return false
    }
}
