/// A GitHub-flavoured Markdown pipe table.
///
/// Cells are Markdown: escape values with ``MarkdownText`` before adding them.
public struct MarkdownTable: Sendable, Hashable {
    /// Column alignment.
    public enum Alignment: Sendable, Hashable {
        case left, right, center, none
    }

    /// Column headers (Markdown).
    public var headers: [String]
    /// Column alignments; missing entries mean ``Alignment/none``.
    public var alignments: [Alignment]
    /// Rows of cells (Markdown).
    public var rows: [[String]]

    /// Creates a table.
    public init(headers: [String], alignments: [Alignment] = [], rows: [[String]] = []) {
        self.headers = headers
        self.alignments = alignments
        self.rows = rows
    }

    /// Appends a row.
    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as Markdown lines.
    public var markdown: String {
        var lines = [line(headers)]
        let separators = headers.indices.map { index -> String in
            switch index < alignments.count ? alignments[index] : .none {
            case .left: ":---"
            case .right: "---:"
            case .center: ":---:"
            case .none: "---"
            }
        }
        lines.append(line(separators))
        for row in rows {
            let padded = row + Array(repeating: "", count: max(0, headers.count - row.count))
            lines.append(line(padded))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func line(_ cells: [String]) -> String {
        "| " + cells.map(MarkdownText.tableCell).joined(separator: " | ") + " |"
    }
}
