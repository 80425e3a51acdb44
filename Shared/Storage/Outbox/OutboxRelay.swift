import FoundationEssentials

/// Moves events from the outbox to the broker: claim a batch, publish each partition (user) in order, mark them sent.
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
    private let concurrency: Int

    /// Makes a relay.
    /// - Parameters:
    ///   - store: the outbox.
    ///   - publisher: the broker.
    ///   - batchSize: how many events one claim takes.
    ///   - lease: how long a claim lasts before another relay may take the events over.
    ///   - concurrency: how many partitions (users) are published at the same time.
    package init(
        store: any OutboxStore, publisher: any EventPublisher, batchSize: Int = 100, lease: Duration = .seconds(30),
        concurrency: Int = 8
    ) {
        self.store = store
        self.publisher = publisher
        self.batchSize = batchSize
        self.lease = lease
        self.concurrency = max(1, concurrency)
    }

    /// Claims one batch and publishes it: each partition's events in order, up to `concurrency` partitions at
    /// once (one user's events never overtake each other; different users' need not wait for each other). A
    /// partition stops at its first failure; what went out is marked sent, the rest released for a later try.
    /// - Returns: how many events were published and marked sent.
    /// - Throws: the first publisher error after marking what did go out, or a ``StorageError``.
    @discardableResult
    package func relayOnce() async throws -> Int {
        let token = UUID()
        let batch = try await store.claim(limit: batchSize, token: token, lease: lease)
        guard !batch.isEmpty else { return 0 }
        var partitions: [String: [OutboxEvent]] = [:]
        var order: [String] = []
        for event in batch {
            if partitions[event.message.partitionKey] == nil { order.append(event.message.partitionKey) }
            partitions[event.message.partitionKey, default: []].append(event)
        }
        let publisher = publisher
        var published: [UUID] = []
        var failure: (any Error)?
        await withTaskGroup(of: ([UUID], (any Error)?).self) { group in
            var next = order.makeIterator()
            func startNext() -> Bool {
                guard let key = next.next(), let events = partitions[key] else { return false }
                group.addTask { await Self.publishInOrder(events, publisher) }
                return true
            }
            for _ in 0..<concurrency where !startNext() { break }
            while let (sent, error) = await group.next() {
                published += sent
                if let error, failure == nil { failure = error }
                _ = startNext()
            }
        }
        try await store.markSent(eventIDs: published)
        if let failure {
            let sent = Set(published)
            try await store.release(eventIDs: batch.map(\.eventID).filter { !sent.contains($0) }, token: token)
            throw failure
        }
        return published.count
    }

    /// Publishes one partition's events in order, stopping at the first failure.
    private static func publishInOrder(_ events: [OutboxEvent], _ publisher: any EventPublisher) async -> (
        [UUID], (any Error)?
    ) {
        var sent: [UUID] = []
        for event in events {
            do {
                try await publisher.publish(event)
            } catch {
                return (sent, error)
            }
            sent.append(event.eventID)
        }
        return (sent, nil)
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
