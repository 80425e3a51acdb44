/// An open-loop load at a fixed rate: request `i` is due at `start + i / perSecond`, whatever happened to the ones
/// before it. `workers` tasks take the slots in turn (worker `k` sends slots `k`, `k + workers`, …), so a slow
/// answer delays only that worker's next slot, and only if it takes longer than `workers / perSecond`.
enum PacedLoad {
    /// What the generator managed: requests sent, the rate it achieved, and how late its sends were.
    struct Outcome {
        var sent: Int
        var perSecond: Double
        var lateP99Milliseconds: Double
    }

    /// Sends `count` requests at `perSecond` through `send(slot)`.
    /// - Throws: the first error `send` throws.
    static func run(
        count: Int, perSecond: Int, workers: Int, _ send: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Outcome {
        let interval = Int64(1_000_000_000 / perSecond)
        let start = Int64(monotonicNanos()) + 10_000_000
        let lateness = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var late: [Double] = []
                    var slot = worker
                    while slot < count {
                        let due = start + Int64(slot) * interval
                        let wait = due - Int64(monotonicNanos())
                        if wait > 0 { try await Task.sleep(for: .nanoseconds(wait)) }
                        late.append(Double(max(0, Int64(monotonicNanos()) - due)) / 1e6)
                        try await send(slot)
                        slot += workers
                    }
                    return late
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let seconds = Double(Int64(monotonicNanos()) - start) / 1e9
        return Outcome(
            sent: lateness.count, perSecond: Double(lateness.count) / seconds,
            lateP99Milliseconds: percentile(lateness, 99))
    }
}
