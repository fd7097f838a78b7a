import DocsgenCore

/// Figures over the layers of an image: per-layer counts, bytes hidden by later layers (really reclaimable),
/// dive 0.13.1's efficiency figures (computed its way), the largest visible files and the paths that waste most.
///
/// Directory deletions are handled with a path tree, so a whiteout costs what it removes, never a scan of
/// every path.
struct LayerAnalyzer {
    struct LayerFigures {
        var contentSize: Int64
        var entries: Int
        var whiteouts: Int
        var opaqueDirectories: Int
    }

    struct Result {
        var layers: [LayerFigures]
        var contentSize: Int64
        var visibleSize: Int64
        var wasted: WastedSpace
        var largestFiles: [FileSize]
    }

    /// A path tree: files (with size and layer) and directories.
    final class Node {
        var children: [Substring: Node] = [:]
        var kind: LayerEntry.Kind = .directory
        var size: Int64 = 0
        var layer = 0

        /// The files of the subtree with their paths, visiting each node once (iteratively: paths can be deep).
        func files(prefix: String, into list: inout [(String, Int64, Int)]) {
            var stack: [(Node, String)] = [(self, prefix)]
            while let (node, path) = stack.popLast() {
                if node.kind == .file { list.append((path, node.size, node.layer)) }
                for (name, child) in node.children { stack.append((child, path.isEmpty ? String(name) : path + "/" + name)) }
            }
        }

        /// Releases the subtree without recursion (a deep tree would overflow the stack in `deinit`).
        func dismantle() {
            var stack = [self]
            while let node = stack.popLast() {
                stack.append(contentsOf: node.children.values)
                node.children = [:]
            }
        }

        func totalSize() -> Int64 {
            var total: Int64 = kind == .file ? size : 0
            var stack = Array(children.values)
            while let node = stack.popLast() {
                if node.kind == .file { total += node.size }
                stack.append(contentsOf: node.children.values)
            }
            return total
        }
    }

    final class Tree {
        let root = Node()

        deinit { root.dismantle() }

        func node(_ path: String, create: Bool) -> Node? {
            var current = root
            for part in path.split(separator: "/") {
                if let next = current.children[part] {
                    current = next
                } else if create {
                    let next = Node()
                    current.children[part] = next
                    current = next
                } else {
                    return nil
                }
            }
            return current
        }

        /// Removes a path and its subtree; returns the removed node.
        @discardableResult
        func remove(_ path: String) -> Node? {
            var parts = path.split(separator: "/")
            guard let last = parts.popLast() else { return nil }
            guard let parent = node(parts.joined(separator: "/"), create: false) else { return nil }
            return parent.children.removeValue(forKey: last)
        }
    }

    static func analyze(_ layers: [[LayerEntry]], topCount: Int = 10) -> Result {
        var figures: [LayerFigures] = []
        let merged = Tree()
        var hiddenByPath: [String: (hidden: Int, bytes: Int64)] = [:]
        var hiddenFiles = 0
        var content: Int64 = 0

        func hide(_ node: Node, path: String) {
            var files: [(String, Int64, Int)] = []
            node.files(prefix: path, into: &files)
            for (file, size, _) in files {
                hiddenFiles += 1
                hiddenByPath[file, default: (0, 0)].bytes += size
                hiddenByPath[file, default: (0, 0)].hidden += 1
            }
        }

        for (index, entries) in layers.enumerated() {
            var layer = LayerFigures(contentSize: 0, entries: entries.count, whiteouts: 0, opaqueDirectories: 0)
            // Whiteouts apply to lower layers first.
            for entry in entries {
                switch entry.kind {
                case .whiteout:
                    layer.whiteouts += 1
                    if let removed = merged.remove(entry.path) { hide(removed, path: entry.path) }
                case .opaque:
                    layer.opaqueDirectories += 1
                    if let folder = merged.node(entry.path, create: false) {
                        for (name, child) in folder.children {
                            hide(child, path: entry.path.isEmpty ? String(name) : entry.path + "/" + name)
                        }
                        folder.children = [:]
                    }
                default:
                    break
                }
            }
            for entry in entries where entry.kind != .whiteout && entry.kind != .opaque {
                if entry.kind == .file {
                    layer.contentSize += entry.size
                }
                guard let node = merged.node(entry.path, create: true) else { continue }
                if node.kind == .file, entry.kind == .file || node.children.isEmpty {
                    hide(Node.copy(of: node), path: entry.path)
                } else if entry.kind != .directory, !node.children.isEmpty {
                    for (name, child) in node.children { hide(child, path: entry.path + "/" + name) }
                    node.children = [:]
                }
                node.kind = entry.kind
                node.size = entry.size
                node.layer = index
            }
            content += layer.contentSize
            figures.append(layer)
        }

        var visible: [(String, Int64, Int)] = []
        merged.root.files(prefix: "", into: &visible)
        let visibleSize = visible.reduce(Int64(0)) { $0 + $1.1 }
        let largest = visible.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(topCount)
            .map { FileSize(path: "/" + $0.0, size: $0.1, layer: $0.2) }
        let stillVisible = Set(visible.map(\.0))
        let top = hiddenByPath.sorted { ($0.value.bytes, $1.key) > ($1.value.bytes, $0.key) }.prefix(topCount)
            .map { PathWaste(path: "/" + $0.key, copies: $0.value.hidden + (stillVisible.contains($0.key) ? 1 : 0), bytes: $0.value.bytes) }
        let wasted = WastedSpace(
            reclaimableBytes: content - visibleSize, reclaimableFiles: hiddenFiles,
            dive: DiveModel.figures(layers), topPaths: Array(top))
        return Result(layers: figures, contentSize: content, visibleSize: visibleSize, wasted: wasted, largestFiles: Array(largest))
    }
}

extension LayerAnalyzer.Node {
    static func copy(of node: LayerAnalyzer.Node) -> LayerAnalyzer.Node {
        let copy = LayerAnalyzer.Node()
        copy.kind = node.kind
        copy.size = node.size
        copy.layer = node.layer
        return copy
    }
}
