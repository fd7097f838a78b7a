import DocsgenCore
import DocsgenRender

/// Finds numbers typed by hand in page prose that equal a fact's formatted value (`359 MB`, `62.2 %`) and
/// suggests the placeholder that keeps them in sync.
///
/// Only prose is read: the front matter, code blocks (fenced or indented, as cmark-gfm parses them),
/// inline code, placeholders, link destinations, autolinks, bare URLs and link reference definitions are
/// skipped. A no-break or thin space matches a space. Time is linear in the page's length.
public struct TypedNumberLint: Sendable {
    /// Candidate texts by their first scalar, longest first.
    let candidates: [Unicode.Scalar: [(fact: String, text: String, scalars: [Unicode.Scalar])]]

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
        var candidates: [Unicode.Scalar: [(fact: String, text: String, scalars: [Unicode.Scalar])]] = [:]
        // Longer texts first, so `1.2 GB` is reported as itself; ties by fact for a stable choice.
        for (fact, text) in values.sorted(by: { ($0.1.unicodeScalars.count, $1.0) > ($1.1.unicodeScalars.count, $0.0) }) {
            let scalars = Array(text.unicodeScalars)
            guard let first = scalars.first else { continue }
            candidates[first, default: []].append((fact, text, scalars))
        }
        self.candidates = candidates
    }

    /// Warnings for `text`, the whole file at `path`.
    public func check(_ text: String, path: String) -> [Diagnostic] {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
        let (_, body, bodyLine, _) = FrontMatter.split(text, file: path)
        var code = Set<Int>()
        for range in MarkdownInspector.codeBlockLines(in: body) { code.formUnion(range) }
        var diagnostics: [Diagnostic] = []
        for (offset, line) in body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !code.contains(offset + 1) {
            let scalars = Self.masked(Array(line))
            var index = 0
            while index < scalars.count {
                guard let bucket = candidates[scalars[index]], Self.isBoundary(scalars, before: index),
                      let match = bucket.first(where: { Self.matches($0.scalars, in: scalars, at: index) })
                else {
                    index += 1
                    continue
                }
                diagnostics.append(Diagnostic(
                    .warning, "'\(match.text)' is typed by hand and equals the fact '\(match.fact)'; write {{\(match.fact)}} so it follows the facts",
                    id: "pages.typed-number", at: SourceLocation(file: path, line: bodyLine + offset, column: index + 1)))
                index += match.scalars.count
            }
        }
        return diagnostics
    }

    static func matches(_ needle: [Unicode.Scalar], in scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + needle.count <= scalars.count else { return false }
        for offset in needle.indices where scalars[index + offset] != needle[offset] { return false }
        return isBoundary(scalars, after: index + needle.count)
    }

    /// The line with everything that is not prose replaced by spaces (columns stay where they were) and
    /// no-break spaces made plain.
    static func masked(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = line
        func blank(_ range: Range<Int>) { for index in range { out[index] = " " } }
        // A link reference definition: `[label]: destination "title"`, the label is prose, the rest is not.
        if let definition = referenceDefinition(line) { blank(definition..<line.count) }
        // The next run of exactly n backticks after each run (code spans pair runs of equal length).
        var runs: [(start: Int, length: Int)] = []
        var scan = 0
        while scan < line.count {
            guard line[scan] == "`" else { scan += 1; continue }
            let start = scan
            while scan < line.count, line[scan] == "`" { scan += 1 }
            runs.append((start, scan - start))
        }
        var closer: [Int: Int] = [:]
        var lastOfLength: [Int: Int] = [:]
        for (position, run) in runs.enumerated().reversed() {
            if let next = lastOfLength[run.length] { closer[position] = next }
            lastOfLength[run.length] = position
        }
        var runAt: [Int: Int] = [:]
        for (position, run) in runs.enumerated() { runAt[run.start] = position }
        var index = 0
        var openPlaceholders = true, openDestinations = true
        while index < line.count {
            let scalar = line[index]
            if let position = runAt[index] {
                if let close = closer[position] {
                    let end = runs[close].start + runs[close].length
                    blank(index..<end)
                    index = end
                } else {
                    index += runs[position].length
                }
                continue
            }
            if openPlaceholders, scalar == "{", index + 1 < line.count, line[index + 1] == "{" {
                guard let end = find(["}", "}"], in: line, from: index + 2) else { openPlaceholders = false; index += 1; continue }
                blank(index..<end + 2)
                index = end + 2
                continue
            }
            if openDestinations, scalar == "]", index + 1 < line.count, line[index + 1] == "(" {
                guard let end = find([")"], in: line, from: index + 2) else { openDestinations = false; index += 1; continue }
                blank(index + 1..<end + 1)
                index = end + 1
                continue
            }
            if scalar == "<", let end = autolinkEnd(line, from: index) {
                blank(index..<end + 1)
                index = end + 1
                continue
            }
            if isBareURL(line, at: index) {
                var end = index
                while end < line.count, !line[end].properties.isWhitespace { end += 1 }
                blank(index..<end)
                index = end
                continue
            }
            if scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}" { out[index] = " " }
            index += 1
        }
        return out
    }

    /// Where a link reference definition's destination starts (after `]:`), if the line is one.
    static func referenceDefinition(_ line: [Unicode.Scalar]) -> Int? {
        var index = 0
        while index < min(3, line.count), line[index] == " " { index += 1 }
        guard index < line.count, line[index] == "[", let close = find(["]", ":"], in: line, from: index + 1) else { return nil }
        return close + 2
    }

    /// The `>` of an autolink or HTML comment-like tag starting at `start` (`<https://…>`): no white space inside.
    static func autolinkEnd(_ line: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        guard index < line.count, line[index].properties.isAlphabetic else { return nil }
        while index < line.count, !line[index].properties.isWhitespace {
            if line[index] == ">" { return index }
            index += 1
        }
        return nil
    }

    static func isBareURL(_ line: [Unicode.Scalar], at index: Int) -> Bool {
        guard index == 0 || line[index - 1].properties.isWhitespace || line[index - 1] == "(" else { return false }
        for prefix in ["https://", "http://", "www."] {
            let scalars = Array(prefix.unicodeScalars)
            if index + scalars.count <= line.count, Array(line[index..<index + scalars.count]) == scalars { return true }
        }
        return false
    }

    static func find(_ needle: [Unicode.Scalar], in line: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= line.count {
            if line[index] == needle[0], needle.indices.allSatisfy({ line[index + $0] == needle[$0] }) { return index }
            index += 1
        }
        return nil
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
