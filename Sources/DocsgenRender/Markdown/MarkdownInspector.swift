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

    /// The text with every piece of raw HTML turned into text (`<` → `&lt;`, `>` → `&gt;`), everything else
    /// byte for byte: Markdown from a plugin shows a `<script>` as text in a wiki as in the HTML page.
    public static func escapingRawHTML(in markdown: String) -> String {
        guard let parsed = CmarkDocument(markdown) else { return markdown }
        var ranges: [(start: (Int, Int), end: (Int, Int))] = []
        parsed.forEachNode { node in
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE else { return }
            ranges.append(((Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node))),
                           (Int(cmark_node_get_end_line(node)), Int(cmark_node_get_end_column(node)))))
        }
        guard !ranges.isEmpty else { return markdown }
        // Byte offsets of line starts (cmark-gfm's columns are 1-based byte offsets within the line).
        let bytes = Array(markdown.utf8)
        var lineStarts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 10 { lineStarts.append(offset + 1) }
        var escape = [Bool](repeating: false, count: bytes.count)
        for range in ranges {
            guard range.start.0 >= 1, range.start.0 <= lineStarts.count, range.end.0 >= 1, range.end.0 <= lineStarts.count else { continue }
            let from = lineStarts[range.start.0 - 1] + max(0, range.start.1 - 1)
            // An HTML block's end column may be 0 (the end of the previous line): take the whole last line then.
            let lastLineEnd = range.end.0 < lineStarts.count ? lineStarts[range.end.0] - 1 : bytes.count
            let to = range.end.1 > 0 ? min(bytes.count, lineStarts[range.end.0 - 1] + range.end.1) : lastLineEnd
            if from < to { for index in from..<to { escape[index] = true } }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for (index, byte) in bytes.enumerated() {
            if escape[index], byte == UInt8(ascii: "<") { out += Array("&lt;".utf8) }
            else if escape[index], byte == UInt8(ascii: ">") { out += Array("&gt;".utf8) }
            else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
