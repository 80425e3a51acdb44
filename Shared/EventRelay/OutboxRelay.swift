package import FoundationEssentials
package import Storage

/// Moves events from the outbox to the broker: claim a batch, publish it, mark what went out sent.
///
/// `OutboxRelayWorker` runs ``relayPass(markingFirst:continuing:)`` after each commit and on a timer for leftovers. Several relays (in one process or
/// many) can run at once: claims never overlap, so in the normal path each event is published once. If a relay
/// dies between publishing and marking, its claim expires after `lease` and the event is published again with
/// the same event id.
///
/// The whole batch goes to ``EventPublisher/publish(batch:)`` (one bulk call per topic with `DaprEventPublisher`).
/// Per partition (user) the relay marks events sent only up to the first one the publisher reports failed, and
/// releases the rest for a later try. A broker that accepted a later event of that partition (a partial bulk
/// failure) has it already: it is published again later with the same event id, so a consumer may see that event
/// before the failed one and then once more. Delivery stays at least once, and consumers deduplicate by event id.
package struct OutboxRelay: Sendable {
    private let store: any OutboxStore
    private let publisher: any EventPublisher
    private let batchSize: Int
    private let lease: Duration

    /// Makes a relay.
    /// - Parameters:
    ///   - store: the outbox.
    ///   - publisher: the broker.
    ///   - batchSize: how many events one claim takes (500: under a backlog, the relay's round trips per batch held
    ///     audit-log's PostgreSQL row near 5,000 events/s with 100; light traffic claims what is there).
    ///   - lease: how long a claim lasts before another relay may take the events over.
    package init(
        store: any OutboxStore, publisher: any EventPublisher, batchSize: Int = 500, lease: Duration = .seconds(30)
    ) {
        self.store = store
        self.publisher = publisher
        self.batchSize = batchSize
        self.lease = lease
    }

    /// Claims one batch and publishes it. Each partition's events are marked sent up to its first failure; the
    /// rest are released for a later try.
    /// - Returns: how many events were published and marked sent.
    /// - Throws: the first publisher error (in batch order) after marking what did go out, or a ``StorageError``.
    @discardableResult
    package func relayOnce() async throws -> Int {
        let token = UUID()
        let batch = try await store.claim(limit: batchSize, token: token, lease: lease)
        guard !batch.isEmpty else { return 0 }
        let sent = try await publish(batch, token: token)
        try await store.markSent(eventIDs: sent)
        return sent.count
    }

    /// Publishes a claimed batch.
    /// - Returns: the event ids that went out (all of them), still to be marked sent.
    /// - Throws: the first failure in batch order, after marking sent what went out before it in each partition
    ///   and releasing the rest.
    private func publish(_ batch: [OutboxEvent], token: UUID) async throws -> [UUID] {
        let (sent, unsent, failure) = Self.split(batch, await publisher.publish(batch: batch))
        guard let failure else { return sent }
        try await store.markSent(eventIDs: sent)
        try await store.release(eventIDs: unsent, token: token)
        throw failure
    }

    /// Splits a published batch: per partition, the events before its first failure are sent, the others not.
    /// - Returns: the sent and unsent event ids, and the first failure in batch order.
    static func split(_ batch: [OutboxEvent], _ result: BatchPublishResult) -> (
        sent: [UUID], unsent: [UUID], failure: (any Error)?
    ) {
        guard !result.allAccepted else { return (batch.map(\.eventID), [], nil) }
        var stopped = Set<String>()
        var sent: [UUID] = []
        var unsent: [UUID] = []
        var failure: (any Error)?
        for event in batch {
            let partition = event.message.partitionKey
            if !stopped.contains(partition), let error = result.failures[event.eventID] {
                stopped.insert(partition)
                if failure == nil { failure = error }
            }
            if stopped.contains(partition) { unsent.append(event.eventID) } else { sent.append(event.eventID) }
        }
        return (sent, unsent, failure)
    }

    /// Relays batches until one comes back short of `batchSize` (anything committed later rings the worker again)
    /// or `continuing` says stop, marking each batch sent in the transaction that claims the next. The last batch is
    /// returned unmarked: the caller marks it with ``markSent(_:)``, or hands it to the next pass when one follows at
    /// once, so a relay under load pays one transaction per batch. Events left unmarked are still under this relay's
    /// claim: if the process dies first, they are published again with the same ids once the lease expires.
    /// - Parameters:
    ///   - earlier: events an earlier pass published and did not mark; marked in this pass's first claim.
    ///   - continuing: asked after each full batch; false ends the pass there (a drain).
    /// - Returns: what the pass published, and what it did not mark yet.
    /// - Throws: as ``relayOnce()``, after marking what went out. `earlier` stays unmarked when the first claim
    ///   fails.
    package func relayPass(markingFirst earlier: [UUID] = [], continuing: () -> Bool = { true }) async throws
        -> OutboxRelayPass
    {
        var pass = OutboxRelayPass()
        var toMark = earlier
        while true {
            let token = UUID()
            let batch = try await store.markSentAndClaim(sent: toMark, limit: batchSize, token: token, lease: lease)
            toMark = []
            guard let first = batch.first else { return pass }
            pass.oldestCreatedAt = min(pass.oldestCreatedAt ?? first.createdAt, first.createdAt)
            let sent = try await publish(batch, token: token)
            pass.published += sent.count
            if batch.count < batchSize || !continuing() {
                pass.unmarked = sent
                return pass
            }
            toMark = sent
        }
    }

    /// Marks events a pass left unmarked.
    package func markSent(_ eventIDs: [UUID]) async throws { try await store.markSent(eventIDs: eventIDs) }

    /// Relays everything claimable now and marks it sent.
    /// - Returns: how many events were published.
    @discardableResult
    package func relayAll() async throws -> Int {
        let pass = try await relayPass()
        try await store.markSent(eventIDs: pass.unmarked)
        return pass.published
    }
}
