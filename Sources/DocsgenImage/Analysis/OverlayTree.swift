/// Which paths of a ``PathTrie`` exist in one view of an image's stacked layers, each with its kind and size,
/// and child lists to walk a folder's subtree. A node is the trie's index; the columns are flat arrays
/// (13 bytes a node), so a million paths cost 13 MB here.
///
/// A present path's parent is present. Removing a subtree walks it once, the cost of what it removes. A removed
/// path stays in its parent's child list until a walk of that list passes it and unlinks it, so lists need no
/// back links, hold each child once, and no walk passes the same absent child twice.
struct OverlayTree {
    typealias Node = PathTrie.Node
    typealias Kind = LayerEntry.Kind

    /// The end of a child list (the root is nobody's child).
    private static let none: Node = PathTrie.root
    private static let kindBits: UInt8 = 0b111
    private static let present: UInt8 = 1 << 3
    private static let linked: UInt8 = 1 << 4

    private let trie: PathTrie
    private var firstChild: [Node]
    private var nextSibling: [Node]
    private var sizes: SizeColumn
    /// Kind (bits 0–2), present, and linked into the parent's child list.
    private var states: [UInt8]
    private var pending: [Node] = []

    /// A view in which only the root exists, as an empty folder.
    init(_ trie: PathTrie) {
        self.trie = trie
        firstChild = Array(repeating: Self.none, count: trie.count)
        nextSibling = Array(repeating: Self.none, count: trie.count)
        sizes = SizeColumn(zeros: trie.count)
        states = Array(repeating: 0, count: trie.count)
        states[Int(PathTrie.root)] = Self.present | Kind.directory.rawValue
    }

    func isPresent(_ node: Node) -> Bool { states[Int(node)] & Self.present != 0 }

    /// The kind of a present node.
    func kind(_ node: Node) -> Kind { Kind(rawValue: states[Int(node)] & Self.kindBits)! }

    /// The size of a present node (its entry's size; meaningful for files).
    func size(_ node: Node) -> Int64 { sizes[Int(node)] }

    mutating func setKind(_ node: Node, _ kind: Kind) {
        states[Int(node)] = states[Int(node)] & ~Self.kindBits | kind.rawValue
    }

    mutating func setSize(_ node: Node, _ size: Int64) {
        sizes[Int(node)] = size
    }

    /// Makes `node` present, and its absent parents, each added as a folder (an existing path keeps its kind).
    mutating func add(_ node: Node) {
        var current = node
        while !isPresent(current) {
            pending.append(current)
            current = trie.parent(of: current)
        }
        while let added = pending.popLast() {
            let parent = trie.parent(of: added)
            if states[Int(added)] & Self.linked == 0 {
                nextSibling[Int(added)] = firstChild[Int(parent)]
                firstChild[Int(parent)] = added
            }
            states[Int(added)] = Self.present | Self.linked | Kind.directory.rawValue
        }
    }

    /// Whether a present node has present children (unlinking the removed ones it passes).
    mutating func hasChildren(_ node: Node) -> Bool {
        var child = firstChild[Int(node)]
        while child != Self.none, !isPresent(child) {
            states[Int(child)] &= ~Self.linked
            child = nextSibling[Int(child)]
        }
        firstChild[Int(node)] = child
        return child != Self.none
    }

    /// Removes a present node other than the root and its subtree, calling `visit` with each path removed
    /// (kind and size as they were).
    mutating func remove(_ node: Node, visit: (Node, Kind, Int64) -> Void) {
        precondition(node != PathTrie.root && isPresent(node), "only a present path below the root is removed")
        visit(node, kind(node), size(node))
        states[Int(node)] &= ~Self.present
        removeChildren(of: node, visit: visit)
    }

    /// Removes the subtrees of a present node's children, calling `visit` with each path removed.
    mutating func removeChildren(of node: Node, visit: (Node, Kind, Int64) -> Void) {
        pending.append(node)
        while let folder = pending.popLast() {
            var child = firstChild[Int(folder)]
            firstChild[Int(folder)] = Self.none
            while child != Self.none {
                if isPresent(child) {
                    visit(child, kind(child), size(child))
                    pending.append(child)
                }
                states[Int(child)] &= ~(Self.present | Self.linked)
                child = nextSibling[Int(child)]
            }
        }
    }

    /// Calls `visit` with a present node and every present path below it.
    mutating func forEach(inSubtreeOf node: Node, _ visit: (Node, Kind, Int64) -> Void) {
        visit(node, kind(node), size(node))
        pending.append(node)
        while let folder = pending.popLast() {
            var previous = Self.none
            var child = firstChild[Int(folder)]
            while child != Self.none {
                let next = nextSibling[Int(child)]
                if isPresent(child) {
                    visit(child, kind(child), size(child))
                    pending.append(child)
                    previous = child
                } else {
                    states[Int(child)] &= ~Self.linked
                    if previous == Self.none { firstChild[Int(folder)] = next } else { nextSibling[Int(previous)] = next }
                }
                child = next
            }
        }
    }
}
