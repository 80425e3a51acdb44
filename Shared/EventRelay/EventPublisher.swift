package import Storage

/// Publishes outbox events to the broker; `DaprEventPublisher` is the one functions use.
///
/// Implement ``publish(_:)``; ``publish(batch:)`` has a default that sends the events one at a time, so a publisher
/// with a cheaper batch path (Dapr's bulk publish) overrides only that.
///
/// ```swift
/// struct LogPublisher: EventPublisher {
///     func publish(_ event: OutboxEvent) async throws { print(event.message.eventType) }
/// }
/// let relay = OutboxRelay(store: stores.outbox, publisher: LogPublisher())
/// ```
package protocol EventPublisher: Sendable {
    /// Publishes `event`; returns once the broker accepted it.
    /// - Throws: when it was not accepted (the relay keeps the event for a later try).
    func publish(_ event: OutboxEvent) async throws

    /// Publishes a claimed batch, in its order, and reports which events the broker did not accept.
    ///
    /// An event reported as failed may still have reached the broker (a timeout, a bulk answer that failed a whole
    /// call); the relay publishes it again later with the same id. An event after a failed one in the same partition
    /// may be reported either way: the relay marks a partition sent only up to its first failure.
    /// - Parameter events: the batch in sequence order.
    /// - Returns: the events not accepted, each with its error; empty when all were.
    func publish(batch events: [OutboxEvent]) async -> BatchPublishResult
}

extension EventPublisher {
    /// The default batch path: ``publishOneByOne(_:partitionsAtOnce:)`` with 8 partitions at once.
    package func publish(batch events: [OutboxEvent]) async -> BatchPublishResult {
        await publishOneByOne(events, partitionsAtOnce: 8)
    }

    /// Publishes each event with ``publish(_:)``: one partition's events in order, each only after the one before
    /// was accepted, up to `partitionsAtOnce` partitions (users) at the same time. A partition stops at its first
    /// failure; its later events are reported failed with that error, without being tried.
    /// - Parameters:
    ///   - events: the batch in sequence order.
    ///   - partitionsAtOnce: how many partitions are published concurrently.
    /// - Returns: the events not published.
    package func publishOneByOne(_ events: [OutboxEvent], partitionsAtOnce: Int) async -> BatchPublishResult {
        var partitions: [String: [OutboxEvent]] = [:]
        var order: [String] = []
        for event in events {
            if partitions[event.message.partitionKey] == nil { order.append(event.message.partitionKey) }
            partitions[event.message.partitionKey, default: []].append(event)
        }
        var result = BatchPublishResult()
        await withTaskGroup(of: BatchPublishResult.self) { group in
            var next = order.makeIterator()
            func startNext() -> Bool {
                guard let key = next.next(), let events = partitions[key] else { return false }
                group.addTask { await publishInOrder(events) }
                return true
            }
            for _ in 0..<max(1, partitionsAtOnce) where !startNext() { break }
            while let partition = await group.next() {
                result.failures.merge(partition.failures) { first, _ in first }
                _ = startNext()
            }
        }
        return result
    }

    /// Publishes one partition's events in order; the first failure fails the rest.
    private func publishInOrder(_ events: [OutboxEvent]) async -> BatchPublishResult {
        for (index, event) in events.enumerated() {
            do {
                try await publish(event)
            } catch {
                return .allFailed(events[index...], error)
            }
        }
        return BatchPublishResult()
    }
}
