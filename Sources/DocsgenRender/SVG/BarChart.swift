import Foundation

/// A horizontal bar chart in SVG: one row per label, one or more bars per row (before/after), values drawn
/// beside the bars. Deterministic: same input, same bytes.
public struct BarChart: Sendable {
    /// One row.
    public struct Row: Sendable, Hashable {
        public var label: String
        /// Values in row order (for example before, after); `nil` leaves a gap.
        public var values: [Int64?]
        /// The text drawn after each bar.
        public var captions: [String]

        public init(label: String, values: [Int64?], captions: [String]) {
            self.label = label
            self.values = values
            self.captions = captions
        }
    }

    let title: String
    let series: [String]
    let rows: [Row]

    /// Creates a chart; `series` names the bars of each row (the legend).
    public init(title: String, series: [String], rows: [Row]) {
        self.title = title
        self.series = series
        self.rows = rows
    }

    static let colors = ["#8c959f", "#0969da", "#1a7f37", "#bf8700"]

    /// The SVG document.
    public var svg: String {
        let labelWidth = min(260, max(80, (rows.map(\.label.count).max() ?? 10) * 7 + 16))
        let barArea = 420, captionWidth = 150, barHeight = 16, rowGap = 12, top = 52
        let bars = max(1, series.count)
        let rowHeight = bars * barHeight + rowGap
        let width = labelWidth + barArea + captionWidth + 24
        let height = top + rows.count * rowHeight + 16
        let maximum = max(1, rows.flatMap { $0.values.compactMap { $0 } }.max() ?? 1)
        let e = StackDiagram.escape
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(e(title))\" font-family=\"-apple-system, Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        out += "<title>\(e(title))</title>\n<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"12\" y=\"22\" font-weight=\"600\" font-size=\"14\">\(e(title))</text>\n"
        var legendX = 12
        for (index, name) in series.enumerated() {
            out += "<rect x=\"\(legendX)\" y=\"32\" width=\"10\" height=\"10\" fill=\"\(Self.colors[index % Self.colors.count])\"/>"
            out += "<text x=\"\(legendX + 14)\" y=\"41\" fill=\"#59636e\">\(e(name))</text>\n"
            legendX += 24 + name.count * 7
        }
        for (r, row) in rows.enumerated() {
            let y = top + r * rowHeight
            out += "<text x=\"\(labelWidth - 8)\" y=\"\(y + bars * barHeight / 2 + 4)\" text-anchor=\"end\">\(e(StackDiagram.truncate(row.label, labelWidth / 7)))</text>\n"
            for (b, value) in row.values.enumerated() {
                let barY = y + b * barHeight
                guard let value else { continue }
                let length = max(1, Int((Double(value) / Double(maximum) * Double(barArea)).rounded()))
                out += "<rect x=\"\(labelWidth)\" y=\"\(barY + 1)\" width=\"\(length)\" height=\"\(barHeight - 3)\" rx=\"2\" fill=\"\(Self.colors[b % Self.colors.count])\"/>\n"
                let caption = b < row.captions.count ? row.captions[b] : ""
                out += "<text x=\"\(labelWidth + length + 6)\" y=\"\(barY + barHeight - 4)\" fill=\"#1f2328\">\(e(caption))</text>\n"
            }
        }
        out += "</svg>\n"
        return out
    }
}
