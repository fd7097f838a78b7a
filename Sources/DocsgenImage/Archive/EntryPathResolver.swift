import Foundation

/// Turns the path of a tar entry, as the bytes libarchive gives, into a node of the image's ``PathTable``:
/// `./`, `//`, `.` and `..` resolved inside the root, OCI whiteouts (`.wh.NAME`, `.wh..wh..opq`) recognised.
/// No String is built per entry, and since a tar lists a folder's entries together, the components an entry
/// shares with the one before are matched against that entry's nodes instead of being looked up again.
struct EntryPathResolver {
    /// What a path names: an entry, the path a whiteout deletes, or the folder an opaque marker clears.
    enum Role {
        case entry
        case whiteout
        case opaque
    }

    let paths: PathTable
    /// The components of the path being resolved, as ranges of its bytes.
    private var parts: [Range<Int>] = []
    /// The previous path's components (bytes, where each ends) and their nodes.
    private var previousBytes: [UInt8] = []
    private var previousEnds: [Int] = []
    private var previousNodes: [PathTrie.Node] = []

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
    private static let opaqueMarker = Array(".wh..wh..opq".utf8)
    private static let whiteoutPrefix = Array(".wh.".utf8)

    init(paths: PathTable) {
        self.paths = paths
    }

    /// The node the path names and what it is; `nil` when the path table is full. A whiteout of an empty
    /// name (`.wh.`) names its folder.
    mutating func resolve(_ path: UnsafeRawBufferPointer) -> (node: PathTrie.Node, role: Role)? {
        split(path)
        var role = Role.entry
        if let last = parts.last {
            let name = UnsafeRawBufferPointer(rebasing: path[last])
            if name.elementsEqual(Self.opaqueMarker) {
                role = .opaque
                parts.removeLast()
            } else if name.starts(with: Self.whiteoutPrefix) {
                role = .whiteout
                parts.removeLast()
                if last.count > Self.whiteoutPrefix.count { parts.append(last.lowerBound + Self.whiteoutPrefix.count..<last.upperBound) }
            }
        }
        return node(path).map { ($0, role) }
    }

    private mutating func split(_ path: UnsafeRawBufferPointer) {
        parts.removeAll(keepingCapacity: true)
        var index = 0
        while index < path.count {
            if path[index] == Self.slash {
                index += 1
                continue
            }
            let start = index
            while index < path.count, path[index] != Self.slash { index += 1 }
            if index - start == 1, path[start] == Self.dot { continue }
            if index - start == 2, path[start] == Self.dot, path[start + 1] == Self.dot {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(start..<index)
        }
    }

    /// The node of `parts`, reusing the previous path's nodes for the components both share.
    private mutating func node(_ path: UnsafeRawBufferPointer) -> PathTrie.Node? {
        var depth = 0
        while depth < parts.count, depth < previousNodes.count, sharesComponent(depth, path) { depth += 1 }
        previousNodes.removeSubrange(depth...)
        previousEnds.removeSubrange(depth...)
        previousBytes.removeSubrange((previousEnds.last ?? 0)...)
        var node = previousNodes.last ?? PathTrie.root
        for part in parts[depth...] {
            let name = UnsafeRawBufferPointer(rebasing: path[part])
            guard let child = paths.child(of: node, named: name) else { return nil }
            node = child
            previousBytes.append(contentsOf: name)
            previousEnds.append(previousBytes.count)
            previousNodes.append(node)
        }
        return node
    }

    private func sharesComponent(_ depth: Int, _ path: UnsafeRawBufferPointer) -> Bool {
        let start = depth == 0 ? 0 : previousEnds[depth - 1]
        let count = previousEnds[depth] - start
        guard count == parts[depth].count else { return false }
        return previousBytes.withUnsafeBytes { previous in
            memcmp(previous.baseAddress! + start, path.baseAddress! + parts[depth].lowerBound, count) == 0
        }
    }
}
