import DocsgenCore

/// dive 0.13.1's efficiency figures, computed the way dive computes them (`filetree.Efficiency`).
///
/// Per layer, every leaf path of the layer's own tree is a reference. A file whiteout counts 0 bytes; a
/// directory whiteout counts everything below it in the layers underneath. Opaque markers are ignored.
/// `wasted` sums every reference of a path referenced in two or more layers — the copy still in use included —
/// which is why it differs from the really reclaimable bytes.
enum DiveModel {
    static func figures(_ layers: [[LayerEntry]]) -> DiveFigures {
        let stacked = LayerAnalyzer.Tree()
        var count: [String: Int] = [:]
        var cumulative: [String: Int64] = [:]
        var minimum: [String: Int64] = [:]
        var sizes: [Int64] = []

        for entries in layers {
            // The layer's own nodes: its entries (whiteouts at the path they delete) plus implied parents.
            var nodes: [String: (kind: LayerEntry.Kind, size: Int64)] = [:]
            var order: [String] = []
            var parents: Set<String> = []
            func add(_ path: String, _ kind: LayerEntry.Kind, _ size: Int64, implied: Bool) {
                if nodes[path] == nil { order.append(path) }
                if implied {
                    if nodes[path] == nil { nodes[path] = (.directory, 0) }
                } else {
                    nodes[path] = (kind, size)
                }
            }
            let ordered = entries.filter { $0.kind == .whiteout } + entries.filter { $0.kind != .whiteout && $0.kind != .opaque }
            for entry in ordered where !entry.path.isEmpty {
                add(entry.path, entry.kind, entry.kind == .whiteout ? 0 : entry.size, implied: false)
                var parent = Substring(entry.path)
                while let slash = parent.lastIndex(of: "/") {
                    parent = parent[..<slash]
                    let folder = String(parent)
                    parents.insert(folder)
                    add(folder, .directory, 0, implied: true)
                }
            }
            for path in order where !parents.contains(path) {
                guard let node = nodes[path] else { continue }
                var size = node.size
                if node.kind == .whiteout {
                    let below = stacked.node(path, create: false)
                    size = below?.kind == .directory ? below?.totalSize() ?? 0 : 0
                }
                count[path, default: 0] += 1
                cumulative[path, default: 0] += size
                minimum[path] = min(minimum[path] ?? size, size)
            }
            for path in order {
                guard let node = nodes[path] else { continue }
                if node.kind == .whiteout {
                    stacked.remove(path)
                } else if let target = stacked.node(path, create: true) {
                    target.kind = node.kind
                    target.size = node.size
                }
            }
            sizes.append(entries.reduce(Int64(0)) { $0 + ($1.kind == .file ? $1.size : 0) })
        }
        let discovered = cumulative.values.reduce(Int64(0), +)
        let smallest = minimum.values.reduce(Int64(0), +)
        let wasted = cumulative.reduce(Int64(0)) { $0 + ((count[$1.key] ?? 0) >= 2 ? $1.value : 0) }
        let user = sizes.dropFirst().reduce(Int64(0), +)
        return DiveFigures(
            efficiency: discovered == 0 ? 1 : Double(smallest) / Double(discovered), wastedBytes: wasted,
            userSizeBytes: user, userWastedRatio: user == 0 ? nil : Double(wasted) / Double(user),
            inefficientPaths: count.values.filter { $0 >= 2 }.count)
    }
}
