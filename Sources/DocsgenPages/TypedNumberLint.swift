import DocsgenCore

/// Finds numbers typed by hand in page prose that equal a fact's formatted value (`359 MB`, `62.2 %`) and
/// suggests the placeholder that keeps them in sync. Placeholders, inline code and fenced code are skipped.
public struct TypedNumberLint: Sendable {
    let values: [(path: String, text: String)]

    /// Creates the lint over a project's facts.
    public init(facts: ProjectFacts, configFile: String) {
        self.init(tree: FactTreeBuilder.tree(facts, configFile: configFile))
    }

    /// Creates the lint over a fact tree already built (``PageRenderer/tree``).
    public init(tree: FactTree) {
        var values: [(String, String)] = []
        for (path, value) in tree.quotable() where value.text.contains(where: \.isNumber) {
            values.append((path, value.text))
            let compact = value.text.replacingOccurrences(of: " ", with: "")
            if compact != value.text { values.append((path, compact)) }
        }
        // Longer texts first, so `1.2 GB` is not also reported as `2 GB`.
        self.values = values.sorted { ($0.1.count, $0.0) > ($1.1.count, $1.0) }
    }

    /// Warnings for `text`, the whole file at `path`.
    public func check(_ text: String, path: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var inFence = false
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence { continue }
            let scalars = Array(Self.masked(String(line)).unicodeScalars)
            var taken = [Bool](repeating: false, count: scalars.count)
            for (fact, value) in values {
                let needle = Array(value.unicodeScalars)
                guard needle.count <= scalars.count else { continue }
                var index = 0
                while index + needle.count <= scalars.count {
                    if Array(scalars[index..<index + needle.count]) == needle, !taken[index..<index + needle.count].contains(true),
                        Self.isBoundary(scalars, before: index), Self.isBoundary(scalars, after: index + needle.count)
                    {
                        for covered in index..<index + needle.count { taken[covered] = true }
                        diagnostics.append(Diagnostic(
                            .warning, "'\(value)' is typed by hand and equals the fact '\(fact)'; write {{\(fact)}} so it follows the facts",
                            id: "pages.typed-number", at: SourceLocation(file: path, line: offset + 1, column: index + 1)))
                        index += needle.count
                    } else {
                        index += 1
                    }
                }
            }
        }
        return diagnostics.sorted { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) }
    }

    /// The line with placeholders and inline code replaced by spaces (columns stay where they were).
    static func masked(_ line: String) -> String {
        var out = ""
        var scalars = Array(line.unicodeScalars)[...]
        while let first = scalars.first {
            if first == "{", scalars.dropFirst().first == "{", let close = scalars.indices.first(where: { $0 > scalars.startIndex + 1 && scalars[$0] == "}" && scalars.index(after: $0) < scalars.endIndex && scalars[scalars.index(after: $0)] == "}" }) {
                let end = close + 2
                out += String(repeating: " ", count: end - scalars.startIndex)
                scalars = scalars[end...]
            } else if first == "`", let close = scalars.dropFirst().firstIndex(of: "`") {
                out += String(repeating: " ", count: close + 1 - scalars.startIndex)
                scalars = scalars[(close + 1)...]
            } else {
                out.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
            }
        }
        return out
    }

    static func isBoundary(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        guard index > 0 else { return true }
        let previous = scalars[index - 1]
        return !(previous.properties.numericType != nil || previous == "." || previous == "," || previous.properties.isAlphabetic)
    }

    static func isBoundary(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        guard index < scalars.count else { return true }
        let next = scalars[index]
        if next == ".", index + 1 < scalars.count, scalars[index + 1].properties.numericType != nil { return false }
        return !(next.properties.numericType != nil || next.properties.isAlphabetic)
    }
}
