/// The `limit` largest of a stream of (path, size), in the order a full sort by size (descending) then path
/// (ascending) would give, in memory for `limit` paths only. Paths compare as their UTF-8 bytes, which is the
/// order of Swift's `<` on valid, NFC-normalised paths; a path is built only to break a tie.
struct LargestPaths {
    typealias Node = PathTrie.Node

    /// One kept path.
    struct Kept {
        var node: Node
        var size: Int64
        var path: [UInt8]
    }

    let limit: Int
    private let trie: PathTrie
    /// Best first.
    private(set) var kept: [Kept] = []
    private var candidate: [UInt8] = []

    init(limit: Int, trie: PathTrie) {
        self.limit = limit
        self.trie = trie
    }

    mutating func consider(_ node: Node, size: Int64) {
        guard limit > 0 else { return }
        var hasPath = false
        if kept.count == limit, let worst = kept.last {
            guard size >= worst.size else { return }
            if size == worst.size {
                buildCandidate(node)
                hasPath = true
                guard candidate.lexicographicallyPrecedes(worst.path) else { return }
            }
        }
        if !hasPath { buildCandidate(node) }
        let position = kept.firstIndex { size > $0.size || (size == $0.size && candidate.lexicographicallyPrecedes($0.path)) }
        kept.insert(Kept(node: node, size: size, path: candidate), at: position ?? kept.count)
        if kept.count > limit { kept.removeLast() }
    }

    private mutating func buildCandidate(_ node: Node) {
        candidate.removeAll(keepingCapacity: true)
        trie.appendPath(of: node, to: &candidate)
    }
}

extension LargestPaths.Kept {
    /// The path, absolute (with its leading `/`).
    var absolutePath: String { "/" + String(decoding: path, as: UTF8.self) }
}
