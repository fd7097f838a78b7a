import Foundation

/// Escaping for fact values placed into Markdown.
///
/// Every value that comes from an input file goes through one of these functions, so a `<script>` in a
/// label or a `|` in a command can neither inject markup nor break a table.
public enum MarkdownText {
    /// Escapes text for use inside a paragraph or a table cell.
    ///
    /// Backslash-escapes the characters that start Markdown syntax (`\ ` * _ [ ] < > | ~ # &`) and turns line
    /// breaks into spaces.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#", "&", "!":
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

    /// Escapes every `|` not already escaped, so a cell's code spans cannot end the cell (GFM reads `\\|` inside
    /// a code span in a table as `|`).
    public static func tableCell(_ markdown: String) -> String {
        var out = ""
        var backslashes = 0
        for ch in markdown {
            if ch == "|" && backslashes % 2 == 0 { out.append("\\") }
            backslashes = ch == "\\" ? backslashes + 1 : 0
            out.append(ch)
        }
        return out
    }

    /// A link to an anchor in the same document: `[text](#anchor)`; `text` must already be Markdown.
    public static func link(_ markdown: String, anchor: String) -> String {
        "[\(markdown)](#\(anchor))"
    }
}
