/// Shell-style glob matching with `*`, `?` and `[…]`, enough for Docker source patterns and nginx includes.
public enum Glob {
    /// Whether one path component matches a pattern (`package*.json`).
    public static func matches(pattern: String, name: String) -> Bool {
        match(Array(pattern), 0, Array(name), 0)
    }

    /// Whether a `/`-separated path matches a pattern component by component (`*` never crosses `/`).
    public static func matches(pattern: String, path: String) -> Bool {
        let patternParts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        let pathParts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard patternParts.count == pathParts.count else { return false }
        return zip(patternParts, pathParts).allSatisfy { matches(pattern: String($0), name: String($1)) }
    }

    /// Iterative wildcard matching that remembers the last `*` (linear backtracking, never exponential).
    private static func match(_ p: [Character], _ pi0: Int, _ n: [Character], _ ni0: Int) -> Bool {
        var pi = pi0, ni = ni0
        var star: Int? = nil
        var starMatch = 0
        while ni < n.count {
            if pi < p.count, p[pi] == "*" {
                while pi < p.count, p[pi] == "*" { pi += 1 }
                star = pi
                starMatch = ni
                continue
            }
            if pi < p.count, let width = single(p, pi, n[ni]) {
                pi += width
                ni += 1
                continue
            }
            guard let resume = star else { return false }
            starMatch += 1
            ni = starMatch
            pi = resume
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether the pattern element at `pi` matches `c`; returns the element's width in the pattern.
    private static func single(_ p: [Character], _ pi: Int, _ c: Character) -> Int? {
        switch p[pi] {
        case "?":
            return 1
        case "[":
            guard let close = p[(pi + 1)...].firstIndex(of: "]") else { return p[pi] == c ? 1 : nil }
            let set = p[(pi + 1)..<close]
            var found = false
            var i = set.startIndex
            while i < set.endIndex {
                if i + 2 < set.endIndex, set[i + 1] == "-" {
                    if set[i] <= c && c <= set[i + 2] { found = true }
                    i += 3
                } else {
                    if set[i] == c { found = true }
                    i += 1
                }
            }
            return found ? close - pi + 1 : nil
        default:
            return p[pi] == c ? 1 : nil
        }
    }
}
