/// Levenshtein distance and "did you mean" suggestions, for every diagnostic that names the nearest valid key.
public enum EditDistance {
    /// The number of single-character insertions, deletions and substitutions between `a` and `b`.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }

    /// The candidate closest to `name` (ties by name), if within `limit` edits (default: 2, or a third of the name).
    public static func nearest(_ name: String, in candidates: [String], limit: Int? = nil) -> String? {
        let scored = candidates.map { ($0, between(name, $0)) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored, best.1 <= (limit ?? max(2, name.count / 3)) else { return nil }
        return best.0
    }
}
