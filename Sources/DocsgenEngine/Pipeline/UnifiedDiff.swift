/// A unified diff of two texts, line by line, with three lines of context.
package struct UnifiedDiff {
    /// Above this many cells the middle of the two texts is shown as replaced whole instead of aligned.
    package static let maximumCells = 4_000_000

    package enum Edit: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    package static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The edit script turning `old` into `new`.
    package static func edits(_ old: [String], _ new: [String]) -> [Edit] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])
        var middle: [Edit] = []
        if a.count * b.count > maximumCells || a.isEmpty || b.isEmpty {
            middle = a.map(Edit.removed) + b.map(Edit.added)
        } else {
            // Longest common subsequence table, filled from the end.
            let width = b.count + 1
            var table = [Int32](repeating: 0, count: (a.count + 1) * width)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    table[i * width + j] = a[i] == b[j]
                        ? table[(i + 1) * width + j + 1] + 1
                        : max(table[(i + 1) * width + j], table[i * width + j + 1])
                }
            }
            var i = 0, j = 0
            while i < a.count, j < b.count {
                if a[i] == b[j] {
                    middle.append(.same(a[i]))
                    i += 1
                    j += 1
                } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
                    middle.append(.removed(a[i]))
                    i += 1
                } else {
                    middle.append(.added(b[j]))
                    j += 1
                }
            }
            middle += a[i...].map(Edit.removed) + b[j...].map(Edit.added)
        }
        return old[..<prefix].map(Edit.same) + middle + old[(old.count - suffix)...].map(Edit.same)
    }

    /// The diff in unified format, or an empty string when the texts are equal.
    package static func render(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let script = edits(lines(old), lines(new))
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return "" }
        var output = "--- \(oldName)\n+++ \(newName)\n"
        // Group changes whose context overlaps into hunks.
        var groups: [(Int, Int)] = []
        for index in changed {
            if let last = groups.last, index - last.1 <= 2 * context {
                groups[groups.count - 1].1 = index
            } else {
                groups.append((index, index))
            }
        }
        var oldLine = [Int](repeating: 0, count: script.count + 1)
        var newLine = [Int](repeating: 0, count: script.count + 1)
        for (index, edit) in script.enumerated() {
            var inOld = true, inNew = true
            if case .added = edit { inOld = false }
            if case .removed = edit { inNew = false }
            oldLine[index + 1] = oldLine[index] + (inOld ? 1 : 0)
            newLine[index + 1] = newLine[index] + (inNew ? 1 : 0)
        }
        for (first, last) in groups {
            let start = max(0, first - context)
            let end = min(script.count - 1, last + context)
            let oldCount = oldLine[end + 1] - oldLine[start]
            let newCount = newLine[end + 1] - newLine[start]
            let oldStart = oldCount == 0 ? oldLine[start] : oldLine[start] + 1
            let newStart = newCount == 0 ? newLine[start] : newLine[start] + 1
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for edit in script[start...end] {
                switch edit {
                case .same(let line): output += " \(line)\n"
                case .removed(let line): output += "-\(line)\n"
                case .added(let line): output += "+\(line)\n"
                }
            }
        }
        return output
    }
}
