/// Shell-style glob matching with `*`, `?` and `[…]`, enough for Docker source patterns.
enum Glob {
    static func matches(pattern: String, name: String) -> Bool {
        match(Array(pattern), 0, Array(name), 0)
    }

    private static func match(_ p: [Character], _ pi: Int, _ n: [Character], _ ni: Int) -> Bool {
        var pi = pi, ni = ni
        while pi < p.count {
            switch p[pi] {
            case "*":
                if pi + 1 == p.count { return true }
                for start in ni...n.count where match(p, pi + 1, n, start) { return true }
                return false
            case "?":
                guard ni < n.count else { return false }
            case "[":
                guard ni < n.count, let close = p[(pi + 1)...].firstIndex(of: "]") else { return false }
                let set = p[(pi + 1)..<close]
                var found = false
                var i = set.startIndex
                while i < set.endIndex {
                    if i + 2 < set.endIndex, set[i + 1] == "-" {
                        if set[i] <= n[ni] && n[ni] <= set[i + 2] { found = true }
                        i += 3
                    } else {
                        if set[i] == n[ni] { found = true }
                        i += 1
                    }
                }
                guard found else { return false }
                pi = close
            default:
                guard ni < n.count, p[pi] == n[ni] else { return false }
            }
            pi += 1
            ni += 1
        }
        return ni == n.count
    }
}
