import DocsgenCore

/// Figures over the layers of an image: per-layer counts, bytes hidden by later layers (really reclaimable),
/// dive 0.13.1's efficiency figures (computed its way), the largest visible files and the paths that waste most.
///
/// The layers are stacked in an ``OverlayTree`` over the image's ``PathTrie``: flat columns indexed by path
/// node, no String and no object per path. A deletion walks only what it removes, never every path.
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

    /// The hidden copies of one path: how many, and their bytes.
    private struct Hidden {
        var copies = 0
        var bytes: Int64 = 0
    }

    /// Stacks `layers` (bottom first; all nodes of one ``PathTable``). A path's copy is hidden when a later
    /// layer deletes it (whiteout, opaque folder) or puts another entry at its path or above it.
    static func analyze(_ layers: [LayerEntries], topCount: Int = 10) -> Result {
        // First, so its columns are freed before the merged view's are made.
        let dive = DiveModel.figures(layers)
        let trie = layers.sharedTrie
        var merged = OverlayTree(trie)
        var layerOf = [Int32](repeating: 0, count: trie.count)
        var hidden: [PathTrie.Node: Hidden] = [:]
        var hiddenFiles = 0
        var figures: [LayerFigures] = []
        var content: Int64 = 0
        let hide = { (node: PathTrie.Node, kind: LayerEntry.Kind, size: Int64) in
            guard kind == .file else { return }
            hiddenFiles += 1
            hidden[node, default: Hidden()].copies += 1
            hidden[node, default: Hidden()].bytes += size
        }

        for (index, entries) in layers.enumerated() {
            let (nodes, kinds, sizes) = (entries.nodes, entries.kinds, entries.sizes)
            var layer = LayerFigures(contentSize: 0, entries: entries.count, whiteouts: 0, opaqueDirectories: 0)
            // Whiteouts apply to lower layers first.
            for position in kinds.indices {
                let node = nodes[position]
                switch kinds[position] {
                case .whiteout:
                    layer.whiteouts += 1
                    if node != PathTrie.root, merged.isPresent(node) { merged.remove(node, visit: hide) }
                case .opaque:
                    layer.opaqueDirectories += 1
                    if merged.isPresent(node) { merged.removeChildren(of: node, visit: hide) }
                default:
                    break
                }
            }
            for position in kinds.indices where kinds[position] != .whiteout && kinds[position] != .opaque {
                let (node, kind, size) = (nodes[position], kinds[position], sizes[position])
                if kind == .file { layer.contentSize += size }
                merged.add(node)
                if merged.kind(node) == .file, kind == .file || !merged.hasChildren(node) {
                    // The file copy underneath is hidden; anything below it stays.
                    hide(node, .file, merged.size(node))
                } else if kind != .directory, merged.hasChildren(node) {
                    merged.removeChildren(of: node, visit: hide)
                }
                merged.setKind(node, kind)
                merged.setSize(node, size)
                layerOf[Int(node)] = Int32(index)
            }
            content += layer.contentSize
            figures.append(layer)
        }

        var visibleSize: Int64 = 0
        var largest = LargestPaths(limit: topCount, trie: trie)
        merged.forEach(inSubtreeOf: PathTrie.root) { node, kind, size in
            guard kind == .file else { return }
            visibleSize += size
            largest.consider(node, size: size)
        }
        var wasting = LargestPaths(limit: topCount, trie: trie)
        for (node, copies) in hidden { wasting.consider(node, size: copies.bytes) }
        let top = wasting.kept.map { kept in
            let isVisible = merged.isPresent(kept.node) && merged.kind(kept.node) == .file
            return PathWaste(path: kept.absolutePath, copies: hidden[kept.node]!.copies + (isVisible ? 1 : 0), bytes: kept.size)
        }
        let wasted = WastedSpace(
            reclaimableBytes: content - visibleSize, reclaimableFiles: hiddenFiles,
            dive: dive, topPaths: top)
        let files = largest.kept.map { FileSize(path: $0.absolutePath, size: $0.size, layer: Int(layerOf[Int($0.node)])) }
        return Result(layers: figures, contentSize: content, visibleSize: visibleSize, wasted: wasted, largestFiles: files)
    }
}

extension [LayerEntries] {
    /// The trie of the table all these layers' entries belong to (an empty one for no layers).
    var sharedTrie: PathTrie {
        guard let paths = first?.paths else { return PathTrie() }
        precondition(allSatisfy { $0.paths === paths }, "the layers of one analysis share one path table")
        return paths.trie
    }
}
