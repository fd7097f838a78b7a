/// Sizes in bytes, 4 bytes each: a size under 4 GiB − 1 is stored as is, a larger one (files of 4 GiB and
/// more are rare in a layer) in a side table. Reads and writes `Int64`.
struct SizeColumn: RandomAccessCollection, MutableCollection {
    /// Marks a size kept in `large`.
    private static let elsewhere = UInt32.max

    private var small: [UInt32]
    private var large: [Int: Int64] = [:]

    /// An empty column.
    init() {
        small = []
    }

    /// `count` zeros.
    init(zeros count: Int) {
        small = Array(repeating: 0, count: count)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { small.count }

    subscript(position: Int) -> Int64 {
        get {
            let stored = small[position]
            return stored == Self.elsewhere ? large[position]! : Int64(stored)
        }
        set {
            if newValue >= 0, newValue < Int64(Self.elsewhere) {
                if small[position] == Self.elsewhere { large[position] = nil }
                small[position] = UInt32(newValue)
            } else {
                small[position] = Self.elsewhere
                large[position] = newValue
            }
        }
    }

    mutating func append(_ size: Int64) {
        small.append(0)
        self[small.count - 1] = size
    }
}
