import DocsgenCore

/// dive 0.13.1's efficiency figures, computed the way dive computes them (`filetree.Efficiency`).
///
/// Per layer, every leaf path of the layer's own tree is a reference. A file whiteout counts 0 bytes; a
/// directory whiteout counts everything below it in the layers underneath. Opaque markers are ignored.
/// `wasted` sums every reference of a path referenced in two or more layers — the copy still in use included —
/// which is why it differs from the really reclaimable bytes.
///
/// dive's own tree of each layer is its entries (whiteouts first, at the path they delete) plus the folders
/// they imply; here it is marks on the image's path nodes, and the layers stacked dive's way (whiteouts delete,
/// every entry and implied folder is set) are an ``OverlayTree``.
enum DiveModel {
    typealias Node = PathTrie.Node

    /// Marks of the layer being read, on the nodes of its own tree: the kind of the node's last entry in
    /// dive's order (bits 0–2, with `entry`), whether it is in the tree, and whether it is a parent there.
    private enum Mark {
        static let kind: UInt8 = 0b111
        static let entry: UInt8 = 1 << 3
        static let inTree: UInt8 = 1 << 4
        static let parent: UInt8 = 1 << 5
    }

    static func figures(_ layers: [LayerEntries]) -> DiveFigures {
        let trie = layers.sharedTrie
        var stacked = OverlayTree(trie)
        var tally = Tally(count: trie.count)
        var marks = [UInt8](repeating: 0, count: trie.count)
        var order: [Node] = []
        // Room for every node once: no copy while a large layer's order grows (untouched room costs no memory).
        order.reserveCapacity(trie.count)
        var sizes: [Int64] = []

        for entries in layers {
            let (nodes, kinds, entrySizes) = (entries.nodes, entries.kinds, entries.sizes)
            // The layer's tree, in dive's order: each node where it first appears, its implied folders after it.
            order.removeAll(keepingCapacity: true)
            forEachInDiveOrder(kinds, reversed: false) { position in
                let node = nodes[position]
                guard node != PathTrie.root else { return }
                if marks[Int(node)] & Mark.inTree == 0 { order.append(node) }
                marks[Int(node)] |= Mark.inTree
                var folder = trie.parent(of: node)
                // A folder already marked as a parent has all its own folders marked too.
                while folder != PathTrie.root, marks[Int(folder)] & Mark.parent == 0 {
                    if marks[Int(folder)] & Mark.inTree == 0 { order.append(folder) }
                    marks[Int(folder)] |= Mark.inTree | Mark.parent
                    folder = trie.parent(of: folder)
                }
            }
            // Each node takes its last entry's kind; each leaf is a reference, counted before anything changes.
            forEachInDiveOrder(kinds, reversed: true) { position in
                let node = nodes[position]
                guard node != PathTrie.root, marks[Int(node)] & Mark.entry == 0 else { return }
                let kind = kinds[position]
                marks[Int(node)] |= Mark.entry | kind.rawValue
                guard marks[Int(node)] & Mark.parent == 0 else { return }
                var size = entrySizes[position]
                if kind == .whiteout {
                    size = 0
                    if stacked.isPresent(node), stacked.kind(node) == .directory {
                        stacked.forEach(inSubtreeOf: node) { _, kind, bytes in
                            if kind == .file { size += bytes }
                        }
                    }
                }
                tally.add(node, size: size)
            }
            // Stacking: whiteouts delete, entries and implied folders are set, in that order.
            for node in order {
                let mark = marks[Int(node)]
                marks[Int(node)] = 0
                let kind = mark & Mark.entry != 0 ? LayerEntry.Kind(rawValue: mark & Mark.kind)! : .directory
                if kind == .whiteout {
                    if stacked.isPresent(node) { stacked.remove(node) { _, _, _ in } }
                } else {
                    stacked.add(node)
                    stacked.setKind(node, kind)
                }
            }
            // A node's size is its last entry's (only a file's is ever read).
            for position in kinds.indices where kinds[position] != .whiteout && kinds[position] != .opaque {
                stacked.setSize(nodes[position], entrySizes[position])
            }
            sizes.append(zip(kinds, entrySizes).reduce(Int64(0)) { $0 + ($1.0 == .file ? $1.1 : 0) })
        }
        let user = sizes.dropFirst().reduce(Int64(0), +)
        return DiveFigures(
            efficiency: tally.discovered == 0 ? 1 : Double(tally.smallest) / Double(tally.discovered),
            wastedBytes: tally.wasted, userSizeBytes: user,
            userWastedRatio: user == 0 ? nil : Double(tally.wasted) / Double(user),
            inefficientPaths: tally.inefficientPaths)
    }

    /// Calls `body` with the positions of the entries in dive's order (whiteouts, then the other entries but
    /// opaque markers), or in the reverse of that order.
    private static func forEachInDiveOrder(_ kinds: [LayerEntry.Kind], reversed: Bool, _ body: (Int) -> Void) {
        let isWhiteout = { (position: Int) in kinds[position] == .whiteout }
        let isOther = { (position: Int) in kinds[position] != .whiteout && kinds[position] != .opaque }
        if reversed {
            for position in kinds.indices.reversed() where isOther(position) { body(position) }
            for position in kinds.indices.reversed() where isWhiteout(position) { body(position) }
        } else {
            for position in kinds.indices where isWhiteout(position) { body(position) }
            for position in kinds.indices where isOther(position) { body(position) }
        }
    }

    /// Per path: how many layers referenced it (0, 1, or 2 and more) and its smallest reference; and the sums
    /// dive's figures are made of, kept as references come.
    private struct Tally {
        private var references: [UInt8]
        private var smallestReference: SizeColumn
        /// All references' bytes.
        private(set) var discovered: Int64 = 0
        /// The smallest reference of each path, summed.
        private(set) var smallest: Int64 = 0
        /// All references of paths referenced twice or more.
        private(set) var wasted: Int64 = 0
        private(set) var inefficientPaths = 0

        init(count: Int) {
            references = Array(repeating: 0, count: count)
            smallestReference = SizeColumn(zeros: count)
        }

        mutating func add(_ node: Node, size: Int64) {
            let index = Int(node)
            discovered += size
            switch references[index] {
            case 0:
                references[index] = 1
                smallestReference[index] = size
                smallest += size
                return
            case 1:
                // The first reference is its smallest so far.
                references[index] = 2
                inefficientPaths += 1
                wasted += smallestReference[index]
            default:
                break
            }
            wasted += size
            if size < smallestReference[index] {
                smallest -= smallestReference[index] - size
                smallestReference[index] = size
            }
        }
    }
}
