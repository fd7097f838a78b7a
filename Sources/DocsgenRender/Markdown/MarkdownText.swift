import Foundation

/// Escaping for fact values placed into Markdown.
///
/// Every value that comes from an input file goes through one of these functions, so a `<script>` in a
/// label or a `|` in a command can neither inject markup nor break a table.
public enum MarkdownText {
    /// Escapes text for use inside a paragraph or a table cell.
    ///
    /// Backslash-escapes the characters that start Markdown syntax (`\ ` * _ [ ] < > ~ # & !`) and turns line
    /// breaks into spaces. `|` is escaped by ``MarkdownTable`` for cells (``tableCell(_:)``).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "~", "#", "&", "!":
                out.append("\\")
                out.append(ch)
            case "\n", "\r\n", "\r", "\t":
                out.append(" ")
            default:
                out.append(ch)
            }
        }
        return out
    }

    /// A code span holding `text` literally. ``MarkdownTable`` escapes its `|` when it lands in a cell.
    public static func code(_ text: String) -> String {
        let single = String(text.map { ch -> Character in ch.isNewline ? " " : ch })
        var longest = 0, run = 0
        for ch in single {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = single.hasPrefix("`") || single.hasSuffix("`") || single.hasPrefix(" ") ? " " : ""
        return fence + pad + single + pad + fence
    }

    /// Escapes every `|` of a table cell: GFM removes one backslash before each `|` of a cell before it parses
    /// the cell's inlines, so this is right for text and code spans alike.
    public static func tableCell(_ markdown: String) -> String {
        markdown.replacingOccurrences(of: "|", with: "\\|")
    }

    /// A link to an anchor in the same document: `[text](#anchor)`; `text` must already be Markdown.
    /// Markdown reduced to plain text for a one-line message: links keep their text, code spans their
    /// content, emphasis markers and backslash escapes go.
    public static func plain(_ markdown: String) -> String {
        var out = ""
        var index = markdown.startIndex
        while index < markdown.endIndex {
            let character = markdown[index]
            if character == "]", markdown[markdown.index(after: index)...].hasPrefix("("),
               let close = markdown[index...].firstIndex(of: ")") {
                index = markdown.index(after: close)
                continue
            }
            if character == "\\", markdown.index(after: index) < markdown.endIndex {
                out.append(markdown[markdown.index(after: index)])
                index = markdown.index(index, offsetBy: 2)
                continue
            }
            if !"[*`".contains(character) { out.append(character) }
            index = markdown.index(after: index)
        }
        return out
    }

    public static func link(_ markdown: String, anchor: String) -> String {
        "[\(markdown)](#\(anchor))"
    }
}
