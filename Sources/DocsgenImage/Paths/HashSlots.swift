/// The index half of a table whose keys live elsewhere: ids by hash, open addressing with linear probing,
/// never more than three quarters full. Each slot holds `id + 1` (0 is free), so 4 bytes per slot.
struct HashSlots: Sendable {
    /// Where a probe ended: at the id whose key matched, or at the free slot a new id goes to.
    enum Probe {
        case found(UInt32)
        case free(Int)
    }

    private var slots = [UInt32](repeating: 0, count: 1024)

    /// Whether ``drop()`` freed the slots.
    var isDropped: Bool { slots.isEmpty }

    /// Probes from `hash` until `matches` accepts an id or a free slot is reached.
    func probe(_ hash: Int, matches: (UInt32) -> Bool) -> Probe {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 {
            if matches(slots[slot] - 1) { return .found(slots[slot] - 1) }
            slot = (slot + 1) & mask
        }
        return .free(slot)
    }

    /// Stores `id` in the free slot a probe returned.
    mutating func insert(_ id: UInt32, at slot: Int) {
        slots[slot] = id + 1
    }

    /// Whether `count` ids make the slots too full: then ``grown(ids:hash:)`` must replace them.
    func isFull(count: Int) -> Bool { count * 4 > slots.count * 3 }

    /// Twice as many slots holding `ids`, placed by `hash`.
    func grown(ids: Range<UInt32>, hash: (UInt32) -> Int) -> HashSlots {
        var larger = HashSlots()
        larger.slots = [UInt32](repeating: 0, count: slots.count * 2)
        for id in ids {
            guard case let .free(slot) = larger.probe(hash(id), matches: { _ in false }) else { continue }
            larger.slots[slot] = id + 1
        }
        return larger
    }

    /// Frees the slots; nothing can be found or added afterwards.
    mutating func drop() {
        slots = []
    }
}
