internal import CCmarkGFM

/// Questions about a Markdown text answered by cmark-gfm's parse, the one the HTML output comes from.
public enum MarkdownInspector {
    /// A piece of raw HTML in the text (an HTML block or inline HTML; code spans and code blocks are not HTML).
    public struct RawHTML: Sendable, Hashable {
        /// 1-based line of its first character.
        public var line: Int
        /// 1-based column (in bytes, as cmark-gfm counts) of its first character.
        public var column: Int
        /// Its first line, as written.
        public var text: String
    }

    /// Every piece of raw HTML, in document order.
    public static func rawHTML(in markdown: String) -> [RawHTML] {
        guard let parsed = CmarkDocument(markdown) else { return [] }
        var found: [RawHTML] = []
        parsed.forEachNode { node in
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE else { return }
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            found.append(RawHTML(
                line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)),
                text: String(literal.split(separator: "\n", maxSplits: 1).first ?? "")))
        }
        return found
    }

    /// The lines (1-based, first to last) of every code block, fenced or indented, fences included.
    public static func codeBlockLines(in markdown: String) -> [ClosedRange<Int>] {
        guard let parsed = CmarkDocument(markdown) else { return [] }
        var found: [ClosedRange<Int>] = []
        parsed.forEachNode { node in
            guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { return }
            let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
            found.append(start...max(start, end))
        }
        return found
    }
}
