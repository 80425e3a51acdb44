/// The in-memory index of next triggers: a binary min-heap of (time, key, generation). Entries of a replaced or
/// deleted job are left in place and skipped when popped (the caller checks the generation).
struct JobQueue: Sendable {
    struct Entry: Sendable {
        var fireMicros: Int64
        var key: JobKey
        var generation: Int64
    }

    private var heap: [Entry] = []

    var count: Int { heap.count }

    /// The earliest entry.
    var first: Entry? { heap.first }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].fireMicros < heap[parent].fireMicros else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry.
    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].fireMicros < heap[smallest].fireMicros { smallest = left }
            if right < heap.count, heap[right].fireMicros < heap[smallest].fireMicros { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
