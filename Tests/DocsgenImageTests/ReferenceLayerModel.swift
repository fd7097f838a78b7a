import DocsgenCore
@testable import DocsgenImage

/// The layer analysis written as plainly as possible, to check the compact one against: every path of the
/// stacked image is a key of one dictionary of full path strings, and "everything below a folder" is a scan
/// of all keys. Slow, and obviously the rules:
///
/// - Reclaimable: a whiteout deletes its path and everything below; an opaque marker everything below its
///   folder. An entry is added with any missing folders above it; when the path held a file, that copy is
///   hidden if the new entry is a file or nothing is below the old one; otherwise, a new entry that is not a
///   folder hides everything below the path. Every file copy deleted or hidden counts once.
/// - dive: per layer, its own tree (whiteouts first, then the other entries, each with the folders above it);
///   each leaf is a reference of its path (a whiteout: the files below it underneath if it was a folder
///   there, else 0 bytes); then the tree is stacked: whiteouts delete, everything else is set.
enum ReferenceLayerModel {
    struct Outcome: Equatable {
        var layers: [[Int64]]
        var contentSize: Int64
        var visibleSize: Int64
        var reclaimableBytes: Int64
        var reclaimableFiles: Int
        var largestFiles: [FileSize]
        var topPaths: [PathWaste]
        var dive: DiveFigures
    }

    typealias Node = (kind: LayerEntry.Kind, size: Int64, layer: Int)

    static func isBelow(_ path: String, _ folder: String) -> Bool {
        folder.isEmpty ? !path.isEmpty : path.hasPrefix(folder + "/")
    }

    /// The folders above a path, nearest first (the root, "", not included).
    static func folders(above path: String) -> [String] {
        var result: [String] = []
        var current = Substring(path)
        while let slash = current.lastIndex(of: "/") {
            current = current[..<slash]
            result.append(String(current))
        }
        return result
    }

    static func analyze(_ layers: [[LayerEntry]], topCount: Int) -> Outcome {
        var image: [String: Node] = ["": (.directory, 0, 0)]
        var hidden: [String: (copies: Int, bytes: Int64)] = [:]
        var hiddenFiles = 0
        var figures: [[Int64]] = []
        var content: Int64 = 0
        func hide(_ path: String, _ size: Int64) {
            hiddenFiles += 1
            hidden[path, default: (0, 0)].copies += 1
            hidden[path, default: (0, 0)].bytes += size
        }
        func removeBelow(_ folder: String) {
            for (path, node) in image where isBelow(path, folder) {
                if node.kind == .file { hide(path, node.size) }
                image[path] = nil
            }
        }
        for (index, entries) in layers.enumerated() {
            var layerContent: Int64 = 0
            for entry in entries {
                if entry.kind == .whiteout, !entry.path.isEmpty, let node = image[entry.path] {
                    if node.kind == .file { hide(entry.path, node.size) }
                    image[entry.path] = nil
                    removeBelow(entry.path)
                }
                if entry.kind == .opaque, image[entry.path] != nil { removeBelow(entry.path) }
            }
            for entry in entries where entry.kind != .whiteout && entry.kind != .opaque {
                if entry.kind == .file { layerContent += entry.size }
                for folder in folders(above: entry.path).reversed() + [entry.path] where image[folder] == nil {
                    image[folder] = (.directory, 0, 0)
                }
                let old = image[entry.path]!
                let hasBelow = image.keys.contains { isBelow($0, entry.path) }
                if old.kind == .file, entry.kind == .file || !hasBelow {
                    hide(entry.path, old.size)
                } else if entry.kind != .directory, hasBelow {
                    removeBelow(entry.path)
                }
                image[entry.path] = (entry.kind, entry.size, index)
            }
            content += layerContent
            figures.append([layerContent, Int64(entries.count), Int64(entries.filter { $0.kind == .whiteout }.count),
                            Int64(entries.filter { $0.kind == .opaque }.count)])
        }
        let visible = image.filter { $0.value.kind == .file }
        let visibleSize = visible.values.reduce(Int64(0)) { $0 + $1.size }
        let largest = visible.sorted { ($0.value.size, $1.key) > ($1.value.size, $0.key) }.prefix(topCount)
            .map { FileSize(path: "/" + $0.key, size: $0.value.size, layer: $0.value.layer) }
        let top = hidden.sorted { ($0.value.bytes, $1.key) > ($1.value.bytes, $0.key) }.prefix(topCount)
            .map { PathWaste(path: "/" + $0.key, copies: $0.value.copies + (visible[$0.key] != nil ? 1 : 0), bytes: $0.value.bytes) }
        return Outcome(
            layers: figures, contentSize: content, visibleSize: visibleSize, reclaimableBytes: content - visibleSize,
            reclaimableFiles: hiddenFiles, largestFiles: Array(largest), topPaths: Array(top), dive: dive(layers))
    }

    static func dive(_ layers: [[LayerEntry]]) -> DiveFigures {
        var stacked: [String: (kind: LayerEntry.Kind, size: Int64)] = [:]
        var references: [String: [Int64]] = [:]
        var userSize: Int64 = 0
        for (index, entries) in layers.enumerated() {
            var tree: [String: (kind: LayerEntry.Kind, size: Int64)] = [:]
            var order: [String] = []
            var parents: Set<String> = []
            let ordered = entries.filter { $0.kind == .whiteout } + entries.filter { $0.kind != .whiteout && $0.kind != .opaque }
            for entry in ordered where !entry.path.isEmpty {
                if tree[entry.path] == nil { order.append(entry.path) }
                tree[entry.path] = (entry.kind, entry.kind == .whiteout ? 0 : entry.size)
                for folder in folders(above: entry.path) {
                    parents.insert(folder)
                    if tree[folder] == nil {
                        order.append(folder)
                        tree[folder] = (.directory, 0)
                    }
                }
            }
            for path in order where !parents.contains(path) {
                var size = tree[path]!.size
                if tree[path]!.kind == .whiteout {
                    size = stacked[path]?.kind != .directory ? 0
                        : stacked.filter { isBelow($0.key, path) && $0.value.kind == .file }.values.reduce(0) { $0 + $1.size }
                }
                references[path, default: []].append(size)
            }
            for path in order {
                if tree[path]!.kind == .whiteout {
                    if stacked[path] != nil {
                        for key in stacked.keys where key == path || isBelow(key, path) { stacked[key] = nil }
                    }
                } else {
                    for folder in folders(above: path) where stacked[folder] == nil { stacked[folder] = (.directory, 0) }
                    stacked[path] = tree[path]!
                }
            }
            if index > 0 { userSize += entries.filter { $0.kind == .file }.reduce(0) { $0 + $1.size } }
        }
        let discovered = references.values.joined().reduce(0, +)
        let smallest = references.values.reduce(Int64(0)) { $0 + $1.min()! }
        let wasted = references.values.filter { $0.count >= 2 }.joined().reduce(0, +)
        return DiveFigures(
            efficiency: discovered == 0 ? 1 : Double(smallest) / Double(discovered), wastedBytes: wasted,
            userSizeBytes: userSize, userWastedRatio: userSize == 0 ? nil : Double(wasted) / Double(userSize),
            inefficientPaths: references.values.filter { $0.count >= 2 }.count)
    }
}
