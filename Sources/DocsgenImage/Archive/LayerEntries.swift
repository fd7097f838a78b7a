/// One entry of a layer tar, reduced to what the analysis needs.
struct LayerEntry: Sendable, Hashable {
    enum Kind: UInt8, Sendable, Hashable { case file, directory, symlink, hardlink, other, whiteout, opaque }
    /// Path without a leading `/` or `./`; for whiteouts, the path they delete; for opaque markers, their folder.
    var path: String
    var kind: Kind
    var size: Int64
}

/// The entries of one layer, compactly: per entry the node of its path in the image's ``PathTable``, its kind
/// and its size, in three columns (9 bytes an entry). Read as a collection it yields ``LayerEntry`` values,
/// building each path; the analysis reads the columns.
struct LayerEntries: RandomAccessCollection {
    /// The table the nodes belong to.
    private(set) var paths: PathTable
    private(set) var nodes: [PathTrie.Node] = []
    private(set) var kinds: [LayerEntry.Kind] = []
    private(set) var sizes = SizeColumn()

    init(paths: PathTable) {
        self.paths = paths
    }

    /// Entries given with their paths (tests and small tools): each path is added to `paths`.
    init(_ entries: [LayerEntry], paths: PathTable) {
        self.paths = paths
        for entry in entries {
            guard let node = paths.node(entry.path) else { preconditionFailure("the path table is full") }
            append(node: node, kind: entry.kind, size: entry.size)
        }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { nodes.count }

    subscript(position: Int) -> LayerEntry {
        LayerEntry(path: paths.trie.path(of: nodes[position]), kind: kinds[position], size: sizes[position])
    }

    /// Moves the entries to `table`, into which their table was absorbed (``PathTable/absorb(_:)`` gave
    /// `numbers`).
    mutating func renumber(_ numbers: [PathTrie.Node], in table: PathTable) {
        for index in nodes.indices { nodes[index] = numbers[Int(nodes[index])] }
        paths = table
    }

    mutating func append(node: PathTrie.Node, kind: LayerEntry.Kind, size: Int64) {
        nodes.append(node)
        kinds.append(kind)
        sizes.append(size)
    }
}
