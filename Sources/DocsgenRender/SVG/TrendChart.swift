import Foundation

/// A line chart in SVG: one line per series (an image), one point per release, releases left to right in
/// the order given. Deterministic: same input, same bytes.
public struct TrendChart: Sendable {
    /// One line.
    public struct Series: Sendable, Hashable {
        public var name: String
        /// One value per release of ``TrendChart/releases``; `nil` where the series has none.
        public var values: [Int64?]
        /// The text drawn beside the last point.
        public var caption: String

        public init(name: String, values: [Int64?], caption: String) {
            self.name = name
            self.values = values
            self.caption = caption
        }
    }

    let title: String
    let releases: [String]
    let series: [Series]
    let format: @Sendable (Int64) -> String

    /// Creates a chart; `format` writes the axis labels (sizes, say).
    public init(title: String, releases: [String], series: [Series], format: @escaping @Sendable (Int64) -> String) {
        self.title = title
        self.releases = releases
        self.series = series
        self.format = format
    }

    /// The SVG document.
    public var svg: String {
        let left = 84, right = 170, top = 56, plotHeight = 220, bottom = 40
        let step = max(60, min(140, 560 / max(1, releases.count)))
        let plotWidth = step * max(1, releases.count - 1)
        let width = left + plotWidth + right
        let height = top + plotHeight + bottom
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let maximum = max(1, values.max() ?? 1)
        let e = StackDiagram.escape
        func x(_ index: Int) -> Int { left + (releases.count == 1 ? plotWidth / 2 : index * step) }
        func y(_ value: Int64) -> Int { top + plotHeight - Int((Double(value) / Double(maximum) * Double(plotHeight)).rounded()) }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(e(title))\" font-family=\"-apple-system, Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        out += "<title>\(e(title))</title>\n<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"12\" y=\"22\" font-weight=\"600\" font-size=\"14\">\(e(title))</text>\n"
        var legendX = 12
        for (index, line) in series.enumerated() {
            out += "<rect x=\"\(legendX)\" y=\"32\" width=\"10\" height=\"10\" fill=\"\(BarChart.colors[(index + 1) % BarChart.colors.count])\"/>"
            out += "<text x=\"\(legendX + 14)\" y=\"41\" fill=\"#59636e\">\(e(line.name))</text>\n"
            legendX += 24 + line.name.count * 7
        }
        // Axes: zero and the maximum on the left, releases below.
        out += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + plotHeight)\" stroke=\"#d1d9e0\"/>\n"
        out += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left + plotWidth)\" y2=\"\(top)\" stroke=\"#eff2f5\"/>\n"
        out += "<text x=\"\(left - 8)\" y=\"\(top + 4)\" text-anchor=\"end\" fill=\"#59636e\">\(e(format(maximum)))</text>\n"
        out += "<text x=\"\(left - 8)\" y=\"\(top + plotHeight + 4)\" text-anchor=\"end\" fill=\"#59636e\">0</text>\n"
        for (index, release) in releases.enumerated() {
            out += "<text x=\"\(x(index))\" y=\"\(top + plotHeight + 20)\" text-anchor=\"middle\" fill=\"#1f2328\">\(e(StackDiagram.truncate(release, 16)))</text>\n"
        }
        for (index, line) in series.enumerated() {
            let color = BarChart.colors[(index + 1) % BarChart.colors.count]
            let points = line.values.enumerated().compactMap { release, value in value.map { (x(release), y($0)) } }
            if points.count > 1 {
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"" + points.map { "\($0.0),\($0.1)" }.joined(separator: " ") + "\"/>\n"
            }
            for point in points {
                out += "<circle cx=\"\(point.0)\" cy=\"\(point.1)\" r=\"3.5\" fill=\"\(color)\"/>\n"
            }
            if let last = points.last {
                out += "<text x=\"\(last.0 + 8)\" y=\"\(last.1 + 4)\" fill=\"#1f2328\">\(e(line.caption))</text>\n"
            }
        }
        out += "</svg>\n"
        return out
    }
}
