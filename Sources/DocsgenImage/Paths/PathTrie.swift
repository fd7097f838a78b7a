/// Every path of an image's layers as a node of one tree, stored flat: a node is an index, its parent and its
/// name (an id of ``ComponentTable``) one 8-byte record. While layers are read an open-addressing index from
/// (parent, name) to the child finds or adds nodes; ``dropIndex()`` frees it, and the names' index, once
/// every layer is read. Node 0 is the root (the empty path); a node's parent always has a smaller index.
struct PathTrie: Sendable {
    typealias Node = UInt32

    /// The root folder, the empty path.
    static let root: Node = 0

    private struct Link: Sendable, Equatable {
        var parent: Node
        var name: UInt32

        var hash: Int {
            var hasher = Hasher()
            hasher.combine(UInt64(parent) << 32 | UInt64(name))
            return hasher.finalize()
        }
    }

    private(set) var components = ComponentTable()
    private var links = [Link(parent: 0, name: ComponentTable.empty)]
    private var index = HashSlots()

    /// Number of nodes, the root included.
    var count: Int { links.count }

    /// Bytes held by the nodes and their names (not the indexes).
    var storedBytes: Int { links.count * MemoryLayout<Link>.stride + components.storedBytes }

    func parent(of node: Node) -> Node { links[Int(node)].parent }

    /// Calls `body` with the bytes of the node's own name (its last component).
    func withName<Result>(of node: Node, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try components.withName(links[Int(node)].name, body)
    }

    /// The child of `parent` named `name`, added if new; `nil` when the trie would pass 4 billion nodes or
    /// 4 GiB of names.
    mutating func child(of parent: Node, named name: UnsafeRawBufferPointer) -> Node? {
        guard let id = components.intern(name) else { return nil }
        precondition(!index.isDropped, "paths are added only while layers are read")
        let link = Link(parent: parent, name: id)
        let slot: Int
        switch index.probe(link.hash, matches: { links[Int($0)] == link }) {
        case let .found(node): return node
        case let .free(free): slot = free
        }
        guard links.count < Int(UInt32.max) else { return nil }
        let node = Node(links.count)
        links.append(link)
        index.insert(node, at: slot)
        if index.isFull(count: links.count) {
            index = index.grown(ids: 1..<Node(links.count)) { links[Int($0)].hash }
        }
        return node
    }

    /// Appends the node's path (components joined by `/`, no leading `/`) to `bytes`: written backwards while
    /// walking up to the root, then reversed in place, so nothing else is allocated.
    func appendPath(of node: Node, to bytes: inout [UInt8]) {
        let start = bytes.count
        var current = node
        while current != Self.root {
            if bytes.count > start { bytes.append(UInt8(ascii: "/")) }
            components.withName(links[Int(current)].name) { bytes.append(contentsOf: $0.reversed()) }
            current = links[Int(current)].parent
        }
        bytes[start...].reverse()
    }

    /// The node's path without a leading `/` (the root's is empty).
    func path(of node: Node) -> String {
        var bytes: [UInt8] = []
        appendPath(of: node, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Frees the indexes: paths can still be read, no longer added.
    mutating func dropIndex() {
        index.drop()
        components.dropIndex()
    }
}
