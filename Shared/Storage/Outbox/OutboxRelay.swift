import FoundationEssentials

/// Moves events from the outbox to the broker: claim a batch, publish each in order, mark them sent.
///
/// Run ``relayOnce()`` right after a commit and on a timer for leftovers. Several relays (in one process or
/// many) can run at once: claims never overlap, so in the normal path each event is published once. If a relay
/// dies between publishing and marking, its claim expires after `lease` and the event is published again with
/// the same event id.
package struct OutboxRelay: Sendable {
    private let store: any OutboxStore
    private let publisher: any EventPublisher
    private let batchSize: Int
    private let lease: Duration

    /// Makes a relay.
    /// - Parameters:
    ///   - store: the outbox.
    ///   - publisher: the broker.
    ///   - batchSize: how many events one claim takes.
    ///   - lease: how long a claim lasts before another relay may take the events over.
    package init(store: any OutboxStore, publisher: any EventPublisher, batchSize: Int = 100, lease: Duration = .seconds(30)) {
        self.store = store
        self.publisher = publisher
        self.batchSize = batchSize
        self.lease = lease
    }

    /// Claims one batch and publishes it in order, stopping at the first failure (its event and the rest of the
    /// batch are released for a later try).
    /// - Returns: how many events were published and marked sent.
    /// - Throws: the publisher's error after marking what did go out, or a ``StorageError``.
    @discardableResult
    package func relayOnce() async throws -> Int {
        let token = UUID()
        let batch = try await store.claim(limit: batchSize, token: token, lease: lease)
        var published: [UUID] = []
        do {
            for event in batch {
                try await publisher.publish(event)
                published.append(event.eventID)
            }
        } catch {
            try await store.markSent(eventIDs: published)
            try await store.release(eventIDs: batch.dropFirst(published.count).map(\.eventID), token: token)
            throw error
        }
        try await store.markSent(eventIDs: published)
        return published.count
    }

    /// Relays batches until a claim comes back empty.
    /// - Returns: how many events were published.
    @discardableResult
    package func relayAll() async throws -> Int {
        var total = 0
        while true {
            let count = try await relayOnce()
            if count == 0 { return total }
            total += count
        }
    }
}
