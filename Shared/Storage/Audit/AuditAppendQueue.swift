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
    /// One submission: its entries in order and who waits for their outcomes.
    private struct Waiting: Sendable {
        let entries: [NewAuditEntry]
        let continuation: CheckedContinuation<[Result<Bool, any Error>], Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let audit: any AuditStore
    private let maximumBatch: Int
    private let headWritten: (@Sendable (AuditChainHead) async -> Void)?
    private let state = Mutex(State())

    /// Makes a queue in front of `audit`.
    /// - Parameters:
    ///   - audit: the store.
    ///   - maximumBatch: the most entries per transaction (a larger submission is written whole, alone).
    ///   - headWritten: called with the chain's head after each write that stored entries, before their appends
    ///     return (audit-log signs and keeps a checkpoint of it), so an acknowledged entry is covered by a checkpoint
    ///     once it returns.
    package init(
        audit: any AuditStore, maximumBatch: Int = 100,
        headWritten: (@Sendable (AuditChainHead) async -> Void)? = nil
    ) {
        self.audit = audit
        self.maximumBatch = max(1, maximumBatch)
        self.headWritten = headWritten
    }

    /// Appends `entry` together with whatever else is waiting.
    /// - Returns: false when the entry's event id was stored before (or twice in one batch): nothing was written.
    /// - Throws: the store's error when the entry could not be written (the delivery should be retried).
    package func append(_ entry: NewAuditEntry) async throws -> Bool {
        try await append(contentsOf: [entry])[0].get()
    }

    /// Appends `entries` in order (a bulk delivery), in one transaction with whatever else is waiting.
    ///
    /// When the transaction fails, the entries are written again one at a time; once one fails, the later entries
    /// of the same actor (the partition key: one user) are not written and carry its error, so a retry stores that
    /// actor's entries in their order.
    /// - Returns: per entry, in order: true when stored, false when its event id was stored before (or repeated),
    ///   or the store's error (the entry should be delivered again).
    package func append(contentsOf entries: [NewAuditEntry]) async -> [Result<Bool, any Error>] {
        guard !entries.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            let startsWriter = state.withLock { state in
                state.waiting.append(Waiting(entries: entries, continuation: continuation))
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
            var count = state.waiting[0].entries.count
            var taken = 1
            while taken < state.waiting.count, count + state.waiting[taken].entries.count <= maximumBatch {
                count += state.waiting[taken].entries.count
                taken += 1
            }
            let batch = Array(state.waiting.prefix(taken))
            state.waiting.removeFirst(taken)
            return batch
        }
    }

    private func write(_ batch: [Waiting]) async {
        let entries = batch.flatMap(\.entries)
        do {
            let result = try await audit.append(batch: entries)
            if let head = result.head { await headWritten?(head) }
            let skipped = Set(result.alreadyStored)
            for waiting in batch {
                waiting.continuation.resume(returning: waiting.entries.map { .success(!skipped.contains($0.eventID)) })
            }
        } catch {
            guard entries.count > 1 else {
                batch[0].continuation.resume(returning: [.failure(error)])
                return
            }
            for waiting in batch { waiting.continuation.resume(returning: await writeOneByOne(waiting.entries)) }
        }
    }

    private func writeOneByOne(_ entries: [NewAuditEntry]) async -> [Result<Bool, any Error>] {
        var failedActors: [String: any Error] = [:]
        var results: [Result<Bool, any Error>] = []
        var head: AuditChainHead?
        for entry in entries {
            if let actor = entry.actor, let error = failedActors[actor] {
                results.append(.failure(error))
                continue
            }
            do {
                let result = try await audit.append(batch: [entry])
                head = result.head ?? head
                results.append(.success(result.alreadyStored.isEmpty))
            } catch {
                results.append(.failure(error))
                if let actor = entry.actor { failedActors[actor] = error }
            }
        }
        if let head { await headWritten?(head) }
        return results
    }
}
