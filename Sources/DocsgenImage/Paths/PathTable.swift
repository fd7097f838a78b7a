/// The paths of one image, shared by the entries of all its layers (``LayerEntries`` hold nodes of it).
///
/// A class because one table grows while the layers are read one after the other and every layer's entries
/// refer to it: as a value, the entries of each layer would keep a copy that the next layer's first new path
/// would duplicate in full.
final class PathTable {
    /// The paths so far.
    private(set) var trie = PathTrie()

    /// The child of `parent` named `name`, added if new; `nil` past the trie's bounds.
    func child(of parent: PathTrie.Node, named name: UnsafeRawBufferPointer) -> PathTrie.Node? {
        trie.child(of: parent, named: name)
    }

    /// The node of a normalised path (components joined by `/`), added if new.
    func node(_ path: String) -> PathTrie.Node? {
        var node = PathTrie.root
        for part in path.split(separator: "/") {
            var name = String(part)
            guard let child = name.withUTF8({ child(of: node, named: UnsafeRawBufferPointer($0)) }) else { return nil }
            node = child
        }
        return node
    }

    /// Adds every path of `other` here, in `other`'s node order, and returns each node of `other`'s number
    /// here (`nil` past the trie's bounds). Merging the tables of layers read apart, in layer order, numbers
    /// every path as one table shared by the layers read in that order would.
    func absorb(_ other: PathTable) -> [PathTrie.Node]? {
        let source = other.trie
        var numbers = [PathTrie.Node](repeating: PathTrie.root, count: source.count)
        for node in 1..<PathTrie.Node(source.count) {
            let parent = numbers[Int(source.parent(of: node))]
            guard let number = source.withName(of: node, { trie.child(of: parent, named: $0) }) else { return nil }
            numbers[Int(node)] = number
        }
        return numbers
    }

    /// Ends reading: the indexes that find paths by name are freed, the paths stay.
    func finishReading() {
        trie.dropIndex()
    }
}
