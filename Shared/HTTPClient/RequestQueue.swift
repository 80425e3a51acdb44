/// Requests waiting for a transfer slot, first in first out; not thread-safe (`TransferLoop` guards it).
struct RequestQueue {
    private var requests: [PendingRequest] = []
    private var head = 0

    /// How many requests wait.
    var count: Int { requests.count - head }

    /// Appends a request at the back.
    mutating func append(_ request: PendingRequest) { requests.append(request) }

    /// Takes up to `limit` requests from the front, oldest first.
    mutating func popFirst(_ limit: Int) -> [PendingRequest] {
        let taken = min(max(0, limit), count)
        guard taken > 0 else { return [] }
        let batch = Array(requests[head..<(head + taken)])
        head += taken
        if head == requests.count {
            requests.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= requests.count {
            requests.removeFirst(head)  // amortised: a long-lived backlog does not keep every answered request
            head = 0
        }
        return batch
    }

    /// Takes out every waiting request whose deadline is at or before `now`, keeping the others' order.
    /// - Returns: the requests taken out.
    mutating func removeExpired(now: ContinuousClock.Instant) -> [PendingRequest] {
        guard requests[head...].contains(where: { $0.deadline <= now }) else { return [] }
        let waiting = requests[head...]
        requests = waiting.filter { $0.deadline > now }
        head = 0
        return waiting.filter { $0.deadline <= now }
    }

    /// Takes `request` out if it is still waiting.
    /// - Returns: whether it was.
    mutating func remove(_ request: PendingRequest) -> Bool {
        guard let index = requests[head...].firstIndex(where: { $0 === request }) else { return false }
        requests.remove(at: index)
        return true
    }
}
