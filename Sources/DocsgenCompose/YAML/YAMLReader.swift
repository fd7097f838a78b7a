import DocsgenCore
import Yams

/// Reads YAML text into ``YAMLValue``s, one per document, with bounded alias expansion.
///
/// `Yams.compose` shares aliased nodes, so composing an alias bomb is cheap; walking it is not. This reader
/// counts every node it produces and stops with `compose.alias-expansion` past ``nodeBudget``.
struct YAMLReader {
    /// Most nodes a document may expand to (aliases counted each time they are used).
    static let nodeBudget = 200_000
    /// Deepest nesting accepted.
    static let depthLimit = 200

    let file: String

    struct Failure: Error {
        var diagnostic: Diagnostic
    }

    /// The documents of `text` in order (none for an empty or comment-only file; `---` separates documents).
    func read(_ text: String) throws(Failure) -> [YAMLValue] {
        if let complex = Self.complexKey(in: text) {
            // Yams hashes every key while composing; an aliased collection as a key can make that exponential.
            throw fail("complex mapping keys (`? …` or an alias as a key) are not used by Compose and are not accepted",
                       id: "compose.syntax", line: complex.line, column: complex.column)
        }
        var nodes: [Node] = []
        do {
            // Tags are not resolved by regular expressions (Yams' default resolver): scalars stay text and
            // ``ScalarValue`` classifies them as Compose does, at a fraction of the cost.
            let parser = try Parser(yaml: text, resolver: .basic)
            while let node = try parser.nextRoot() { nodes.append(node) }
        } catch let error as YamlError {
            throw translate(error, text: text)
        } catch {
            throw fail("cannot read YAML: \(error)", id: "compose.syntax", line: 1, column: 1)
        }
        // A genuine document cannot have more nodes than bytes; only aliases can multiply them.
        var budget = max(Self.nodeBudget, text.utf8.count)
        var documents: [YAMLValue] = []
        for node in nodes { documents.append(try convert(node, depth: 0, budget: &budget)) }
        return documents
    }

    private func fail(_ message: String, id: String, line: Int, column: Int) -> Failure {
        Failure(diagnostic: Diagnostic(.error, message, id: id, at: SourceLocation(file: file, line: line, column: column)))
    }

    private func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private func convert(_ node: Node, depth: Int, budget: inout Int) throws(Failure) -> YAMLValue {
        budget -= 1
        if budget < 0 {
            throw fail(
                "YAML aliases expand to more nodes than the file could hold without them (over \(Self.nodeBudget)); refusing to expand further (an alias bomb?)",
                id: "compose.alias-expansion", line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        if depth > Self.depthLimit {
            throw fail("YAML nested deeper than \(Self.depthLimit) levels", id: "compose.syntax", line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        switch node {
        case let .scalar(scalar):
            return .scalar(scalar.string, isPlain: scalar.style == .plain, tag: explicitTag(node), location(scalar.mark))
        case let .sequence(sequence):
            var items: [YAMLValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item, depth: depth + 1, budget: &budget)) }
            return .sequence(items, tag: explicitTag(node), location(sequence.mark))
        case let .mapping(mapping):
            var entries: [YAMLValue.Entry] = []
            var merged: [YAMLValue.Entry] = []
            var explicitKeys: Set<String> = []
            var mergedKeys: Set<String> = []
            for (key, value) in mapping {
                let converted = try convert(value, depth: depth + 1, budget: &budget)
                if key.string == "<<", key.scalar?.style == .plain {
                    // Merge keys: a mapping or a list of mappings; earlier ones win, explicit keys win over all.
                    let sources = converted.items ?? [converted]
                    for source in sources {
                        guard let sourceEntries = source.entries else {
                            throw fail("a merge key (<<) needs a mapping or a list of mappings", id: "compose.type",
                                       line: source.location.line, column: source.location.column)
                        }
                        for entry in sourceEntries where mergedKeys.insert(entry.key).inserted {
                            merged.append(entry)
                        }
                    }
                    continue
                }
                guard let name = key.string else {
                    throw fail("mapping keys must be strings", id: "compose.type", line: key.mark?.line ?? 1, column: key.mark?.column ?? 1)
                }
                // Keys that differ only in YAML type (`1` and `"1"`) pass Yams but are the same name in Compose.
                guard explicitKeys.insert(name).inserted else {
                    throw fail("duplicate key '\(name)' in a mapping", id: "compose.duplicate-key",
                               line: key.mark?.line ?? 1, column: key.mark?.column ?? 1)
                }
                entries.append(YAMLValue.Entry(key: name, keyLocation: location(key.mark), value: converted))
            }
            for entry in merged where !explicitKeys.contains(entry.key) {
                entries.append(entry)
            }
            return .mapping(entries, tag: explicitTag(node), location(mapping.mark))
        case let .alias(alias):
            throw fail("unresolved alias *\(alias.anchor.rawValue)", id: "compose.syntax", line: alias.mark?.line ?? 1, column: alias.mark?.column ?? 1)
        }
    }

    /// Non-standard tags such as Compose's `!reset` and `!override`.
    private func explicitTag(_ node: Node) -> String? {
        let name = node.tag.description
        return name.hasPrefix("!") ? name : nil
    }

    private func translate(_ error: YamlError, text: String) -> Failure {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            if let tab = Self.tab(near: mark, in: text) {
                return fail("a tab is used for indentation; YAML allows only spaces", id: "compose.syntax", line: tab.line, column: tab.column)
            }
            return fail("invalid YAML: \(what)", id: "compose.syntax", line: mark.line, column: mark.column)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            let second = Self.secondOccurrence(of: key, after: context.mark, in: text)
            return fail("duplicate key '\(key)' in a mapping (first at line \(context.mark.line))", id: "compose.duplicate-key",
                        line: second?.line ?? context.mark.line, column: second?.column ?? context.mark.column)
        default:
            return fail("invalid YAML: \(error)", id: "compose.syntax", line: 1, column: 1)
        }
    }

    /// The next line after `mark` that holds `key:` at the same indentation (Yams reports the first occurrence).
    static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        for index in mark.line..<lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent).drop { $0 == "-" || $0 == " " }
            let column = line.count - rest.count + 1
            guard column == mark.column else { continue }
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate + ":") {
                return (index + 1, column)
            }
        }
        return nil
    }

    /// The line of the `---` that starts the document holding `line` (1 when there is none).
    static func documentStart(atOrBefore line: Int, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var number = min(line, lines.count)
        while number >= 1 {
            if lines[number - 1].hasPrefix("---") { return number }
            number -= 1
        }
        return 1
    }

    /// The tab at or just before an error mark, when a tab caused the error.
    static func tab(near mark: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for lineNumber in [mark.line, mark.line + 1] where lineNumber >= 1 && lineNumber <= lines.count {
            let line = Array(lines[lineNumber - 1])
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            if let index = indent.firstIndex(of: "\t") { return (lineNumber, index + 1) }
        }
        return nil
    }

    /// The first explicit key (`? `) or alias used as a key (`*a: v`, `{*a: v}`).
    static func complexKey(in text: String) -> (line: Int, column: Int)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let chars = Array(line)
            var column = 0
            while column < chars.count, chars[column] == " " || chars[column] == "-" { column += 1 }
            guard column < chars.count else { continue }
            if chars[column] == "?", column + 1 == chars.count || chars[column + 1] == " " { return (index + 1, column + 1) }
            // An alias directly followed by a colon is a key: `*a: v`, also inside `{…}`.
            var position = 0
            while position < chars.count {
                let starts = position == column || (position > 0 && (chars[position - 1] == "{" || chars[position - 1] == "," || chars[position - 1] == " "))
                if chars[position] == "*", starts {
                    var end = position + 1
                    while end < chars.count, !" ,:[]{}".contains(chars[end]) { end += 1 }
                    var after = end
                    while after < chars.count, chars[after] == " " { after += 1 }
                    if after < chars.count, chars[after] == ":", after + 1 == chars.count || chars[after + 1] == " " {
                        return (index + 1, position + 1)
                    }
                }
                if chars[position] == "#" || chars[position] == "\"" || chars[position] == "'" { break }
                position += 1
            }
        }
        return nil
    }
}
