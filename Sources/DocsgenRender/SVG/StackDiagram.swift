import Foundation
import DocsgenCore

/// An SVG diagram of a compose stack: one box per service (image or build, published ports, health check),
/// columns by start-up order (a service stands right of what it depends on), arrows for `depends_on`
/// labelled with their condition, and a frame per network.
public struct StackDiagram: Sendable {
    /// One service box.
    public struct Node: Sendable, Hashable {
        public var name: String
        public var detail: String
        public var ports: String
        public var isHealthChecked: Bool
        public var networks: [String]
        public var dependsOn: [(service: String, condition: String)]

        public init(name: String, detail: String, ports: String, isHealthChecked: Bool, networks: [String], dependsOn: [(service: String, condition: String)]) {
            self.name = name
            self.detail = detail
            self.ports = ports
            self.isHealthChecked = isHealthChecked
            self.networks = networks
            self.dependsOn = dependsOn
        }

        public static func == (a: Node, b: Node) -> Bool {
            a.name == b.name && a.detail == b.detail && a.ports == b.ports && a.networks == b.networks
                && a.dependsOn.map(\.service) == b.dependsOn.map(\.service)
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    let nodes: [Node]
    let title: String

    /// Creates a diagram.
    public init(title: String, nodes: [Node]) {
        self.title = title
        self.nodes = nodes
    }

    static let boxWidth = 230, boxHeight = 78, columnGap = 90, rowGap = 28, margin = 24, header = 56

    /// Start-up level of each service: 0 for services that depend on nothing.
    func levels() -> [String: Int] {
        let byName = Dictionary(nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var level: [String: Int] = [:]
        func visit(_ name: String, _ path: Set<String>) -> Int {
            if let known = level[name] { return known }
            guard let node = byName[name], !path.contains(name) else { return 0 }
            let deps = node.dependsOn.map(\.service).filter { byName[$0] != nil }
            let value = deps.map { visit($0, path.union([name])) + 1 }.max() ?? 0
            level[name] = value
            return value
        }
        for node in nodes { _ = visit(node.name, []) }
        return level
    }

    /// The SVG document (no XML declaration, so it can also be inlined in HTML).
    public var svg: String {
        let level = levels()
        let columns = (level.values.max() ?? 0) + 1
        var column: [[Node]] = Array(repeating: [], count: columns)
        for node in nodes.sorted(by: { $0.name < $1.name }) { column[level[node.name] ?? 0].append(node) }
        let rows = column.map(\.count).max() ?? 1
        let width = Self.margin * 2 + columns * Self.boxWidth + (columns - 1) * Self.columnGap
        let height = Self.header + Self.margin + rows * Self.boxHeight + (rows - 1) * Self.rowGap + Self.margin + 20
        var position: [String: (x: Int, y: Int)] = [:]
        for (c, members) in column.enumerated() {
            for (r, node) in members.enumerated() {
                position[node.name] = (Self.margin + c * (Self.boxWidth + Self.columnGap), Self.header + Self.margin + r * (Self.boxHeight + Self.rowGap))
            }
        }
        let e = Self.escape
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"stack-title\" font-family=\"-apple-system, Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
        out += "<title id=\"stack-title\">\(e(title))</title>\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#57606a\"/></marker></defs>\n"
        out += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        let networks = Array(Set(nodes.flatMap(\.networks))).sorted()
        let networkText = networks.isEmpty ? "no network" : "network" + (networks.count == 1 ? " " : "s ") + networks.joined(separator: ", ")
        out += "<rect x=\"8\" y=\"8\" width=\"\(width - 16)\" height=\"\(height - 16)\" rx=\"10\" fill=\"#f6f8fa\" stroke=\"#d1d9e0\" stroke-dasharray=\"6 4\"/>\n"
        out += "<text x=\"\(Self.margin)\" y=\"34\" font-weight=\"600\" font-size=\"15\">\(e(title))</text>\n"
        out += "<text x=\"\(Self.margin)\" y=\"52\" fill=\"#59636e\">\(e(networkText))</text>\n"
        for node in nodes.sorted(by: { $0.name < $1.name }) {
            guard let from = position[node.name] else { continue }
            for dependency in node.dependsOn.sorted(by: { $0.service < $1.service }) {
                guard let to = position[dependency.service] else { continue }
                let x1 = from.x, y1 = from.y + Self.boxHeight / 2
                let x2 = to.x + Self.boxWidth, y2 = to.y + Self.boxHeight / 2
                out += "<path d=\"M \(x1) \(y1) C \(x1 - Self.columnGap / 2) \(y1), \(x2 + Self.columnGap / 2) \(y2), \(x2) \(y2)\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n"
                let label = dependency.condition.replacingOccurrences(of: "service_", with: "")
                out += "<text x=\"\((x1 + x2) / 2)\" y=\"\((y1 + y2) / 2 - 6)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">\(e(label))</text>\n"
            }
        }
        for node in nodes.sorted(by: { $0.name < $1.name }) {
            guard let p = position[node.name] else { continue }
            let stroke = node.isHealthChecked ? "#1a7f37" : "#cf222e"
            out += "<g>\n<rect x=\"\(p.x)\" y=\"\(p.y)\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"8\" fill=\"#ffffff\" stroke=\"\(stroke)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(p.x + 12)\" y=\"\(p.y + 22)\" font-weight=\"600\">\(e(node.name))</text>\n"
            out += "<text x=\"\(p.x + Self.boxWidth - 12)\" y=\"\(p.y + 22)\" text-anchor=\"end\" font-size=\"11\" fill=\"\(stroke)\">\(node.isHealthChecked ? "health check" : "no health check")</text>\n"
            out += "<text x=\"\(p.x + 12)\" y=\"\(p.y + 44)\" font-size=\"12\" fill=\"#1f2328\">\(e(Self.truncate(node.detail, 32)))</text>\n"
            out += "<text x=\"\(p.x + 12)\" y=\"\(p.y + 64)\" font-size=\"12\" fill=\"#59636e\">\(e(Self.truncate(node.ports, 32)))</text>\n</g>\n"
        }
        out += "</svg>\n"
        return out
    }

    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// XML escaping for text and attributes (HTML's rules; control characters become spaces).
    static func escape(_ text: String) -> String {
        HTMLEscaping.escape(String(text.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" ? " " : Character($0) }))
    }
}
