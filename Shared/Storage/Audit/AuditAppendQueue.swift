import Synchronization

/// Appends audit entries in batches, as a group commit: deliveries that arrive while a batch is being written wait
/// and go into the next one, so under load the chain lock, the head read and the commit are paid once per batch
/// instead of once per event. An event that arrives alone is written at once, alone. A batch that fails is written
/// again one entry at a time, so a bad entry fails only its own delivery.
///
/// Without it, appends on PostgreSQL queue on the chain's advisory lock one transaction at a time, and the audit
/// falls behind task-crud (measured by `todofn-bench slice`).
///
/// ```swift
/// let appends = AuditAppendQueue(audit: stores.audit)
/// let stored = try await appends.append(entry)   // false: a redelivery, nothing written
/// ```
package final class AuditAppendQueue: Sendable {
    private struct Waiting: Sendable {
        let entry: NewAuditEntry
        let continuation: CheckedContinuation<Bool, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let audit: any AuditStore
    private let maximumBatch: Int
    private let state = Mutex(State())

    /// Makes a queue in front of `audit` that writes at most `maximumBatch` entries per transaction.
    package init(audit: any AuditStore, maximumBatch: Int = 100) {
        self.audit = audit
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Appends `entry` together with whatever else is waiting.
    /// - Returns: false when the entry's event id was stored before (or twice in one batch): nothing was written.
    /// - Throws: the store's error when the entry could not be written (the delivery should be retried).
    package func append(_ entry: NewAuditEntry) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            let startsWriter = state.withLock { state in
                state.waiting.append(Waiting(entry: entry, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startsWriter { Task { await self.writeUntilEmpty() } }
        }
    }

    private func writeUntilEmpty() async {
        while let batch = nextBatch() { await write(batch) }
    }

    private func nextBatch() -> [Waiting]? {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.writing = false
                return nil
            }
            let batch = Array(state.waiting.prefix(maximumBatch))
            state.waiting.removeFirst(batch.count)
            return batch
        }
    }

    private func write(_ batch: [Waiting]) async {
        do {
            let skipped = Set(try await audit.append(batch: batch.map(\.entry)).alreadyStored)
            for waiting in batch { waiting.continuation.resume(returning: !skipped.contains(waiting.entry.eventID)) }
        } catch {
            guard batch.count > 1 else {
                batch[0].continuation.resume(throwing: error)
                return
            }
            for waiting in batch { await write([waiting]) }
        }
    }
}
