/// Path helpers for project-relative paths (always `/`-separated, never absolute unless written so).
public enum ProjectPath {
    /// The folder of a path (`a/b/c.yml` → `a/b`, `c.yml` → ``).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Joins and normalises (`a/b` + `../c` → `a/c`); absolute `relative` paths are returned normalised.
    public static func join(_ base: String, _ relative: String) -> String {
        let combined = relative.hasPrefix("/") || base.isEmpty ? relative : base + "/" + relative
        return normalise(combined)
    }

    /// Removes `.` and empty components and resolves `..` lexically; keeps leading `..` and `/`.
    public static func normalise(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == ".." && isAbsolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return isAbsolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
