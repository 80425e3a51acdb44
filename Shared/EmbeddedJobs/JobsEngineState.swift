/// The mutable part of a `JobsEngine`, behind its Mutex: the store while running, every live job, the trigger
/// index and the triggers in flight.
struct JobsEngineState: Sendable {
    enum Phase: Sendable {
        case idle
        case running(JobStore, Task<Void, Never>)
        case stopped
    }

    var phase: Phase = .idle
    var records: [JobKey: JobRecord] = [:]
    var queue = JobQueue()
    var inFlight = 0
    var lastGeneration: Int64 = 0

    /// The store while running.
    var store: JobStore? {
        if case .running(let store, _) = phase { return store }
        return nil
    }

    /// Makes `record` the live version of its job unless a newer one is already live; queues its next trigger.
    mutating func install(_ record: JobRecord) {
        if let existing = records[record.key], existing.generation > record.generation { return }
        guard let next = record.nextFireMicros else {
            records[record.key] = nil
            return
        }
        records[record.key] = record
        queue.push(JobQueue.Entry(fireMicros: next, key: record.key, generation: record.generation))
    }

    /// Removes and returns the jobs due at `now` (at most `limit` in flight), marking them in flight.
    mutating func takeDue(now: Int64, limit: Int) -> [JobRecord] {
        var due: [JobRecord] = []
        while inFlight < limit, let first = queue.first, first.fireMicros <= now {
            _ = queue.pop()
            guard let live = records[first.key], live.generation == first.generation,
                live.nextFireMicros == first.fireMicros
            else { continue }
            let record = live.coalesced(now: now)
            records[first.key] = record
            inFlight += 1
            due.append(record)
        }
        return due
    }
}
