import DocsgenCore

/// Reads a `.dockerignore` file the way Docker does (`ReadAll` of moby/patternmatcher).
///
/// ```swift
/// let facts = DockerignoreReader().read("# secrets\n/.env\n!.env.example\n", path: "backend/.dockerignore",
///                                       context: "backend")
/// facts.patterns.map(\.pattern)   // [".env", ".env.example"]
/// facts.patterns[1].isException  // true
/// ```
///
/// Per line, in order: a UTF-8 byte order mark is dropped from the first line and a `\r` before the line feed
/// is dropped; a line whose first character is `#` is a comment (only there: `  # x` is a pattern); surrounding
/// whitespace is trimmed and empty lines are skipped; a leading `!` marks an exception and the rest is trimmed
/// again; the pattern is cleaned like Go's `filepath.Clean` (`//` collapsed, `.` dropped, `..` resolved
/// lexically, trailing `/` dropped) and a leading `/` is removed. A lone `!`, which Docker rejects, is skipped.
public struct DockerignoreReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// Reads the patterns of a `.dockerignore` file.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - path: The file, relative to the project root.
    ///   - context: The build context it applies to, relative to the project root.
    /// - Returns: The patterns in order, each with the 1-based number of the line it was written on.
    public func read(_ text: String, path: String, context: String) -> DockerignoreFacts {
        var patterns: [IgnorePattern] = []
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            var line = rawLine
            if offset == 0, line.first == "\u{FEFF}" {
                line.removeFirst()
            }
            if line.last == "\r" {
                line.removeLast()
            }
            if line.first == "#" { continue }

            var pattern = Self.trimmingSpace(line)
            guard !pattern.isEmpty else { continue }
            let isException = pattern.first == "!"
            if isException {
                pattern = Self.trimmingSpace(pattern.dropFirst())
                guard !pattern.isEmpty else { continue }
            }
            var cleaned = Self.clean(String(Substring(pattern)))
            if cleaned.unicodeScalars.count > 1, cleaned.unicodeScalars.first == "/" {
                cleaned = String(cleaned.unicodeScalars.dropFirst())
            }
            patterns.append(IgnorePattern(pattern: cleaned, isException: isException, line: offset + 1))
        }
        return DockerignoreFacts(path: path, context: context, patterns: patterns)
    }

    /// Go's `filepath.Clean` for `/`-separated paths.
    ///
    /// - Parameter path: A non-empty path.
    /// - Returns: The shortest equivalent path by lexical processing: `a//b/./../c` → `a/c`, `/../x` → `/x`,
    ///   `a/..` → `.`, `../a/` → `../a`.
    static func clean(_ path: String) -> String {
        let isRooted = path.unicodeScalars.first == "/"
        var parts: [Substring.UnicodeScalarView] = []
        for part in path.unicodeScalars.split(separator: "/") {
            if part.elementsEqual(".".unicodeScalars) {
                continue
            } else if part.elementsEqual("..".unicodeScalars) {
                if let last = parts.last, !last.elementsEqual("..".unicodeScalars) {
                    parts.removeLast()
                } else if !isRooted {
                    parts.append(part)
                }
            } else {
                parts.append(part)
            }
        }
        let joined = parts.map { String(Substring($0)) }.joined(separator: "/")
        if isRooted {
            return "/" + joined
        }
        return joined.isEmpty ? "." : joined
    }

    /// Drops leading and trailing Unicode white space, as Go's `strings.TrimSpace` does.
    private static func trimmingSpace(_ scalars: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var result = scalars
        while let first = result.first, first.properties.isWhitespace {
            result.removeFirst()
        }
        while let last = result.last, last.properties.isWhitespace {
            result.removeLast()
        }
        return result
    }
}
