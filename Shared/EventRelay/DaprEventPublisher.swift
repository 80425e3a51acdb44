package import Dapr
import FoundationEssentials
package import Storage
import Synchronization

/// Publishes outbox events through the Dapr HTTP API: the stored CloudEvent JSON as it is
/// (`application/cloudevents+json`, so Dapr keeps its id, type, source, subject, data and extensions), to
/// `todo-pubsub`, with the user id as `partitionKey` so one user's events keep their order.
///
/// A batch goes out in ``Mode-swift.struct/bulk`` mode as one `POST /v1.0-alpha1/publish/bulk/{pubsub}/{topic}` per
/// topic, entries in batch order, each with its own `partitionKey`. The embedded runtime appends them in one
/// transaction, in order; daprd hands them to a broker with native bulk publish (Kafka: one `SendMessages`, the
/// key per entry). Dapr answers which entries failed; the relay marks each partition sent up to its first failure.
/// Entries after a failed one that the broker did accept go out again later with the same event id (at least
/// once; consumers deduplicate by id), so on such a partial failure a consumer can see them before the failed one.
///
/// A 4xx answer to the bulk call (an older daprd without the route, a body it refuses) publishes that batch one
/// event at a time instead; a missing route (404 without a Dapr error code) switches this publisher to single
/// publishes for good. Use ``Mode-swift.struct/single`` with daprd and a broker that lacks native bulk publish:
/// daprd then publishes the entries in parallel, with no order (`defaultBulkPublisher`).
package struct DaprEventPublisher: EventPublisher {
    /// How a batch is published.
    package struct Mode: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case bulk, single
        }
        private let kind: Kind
        /// One bulk publish call per topic per batch (the default).
        package static let bulk = Mode(kind: .bulk)
        /// One publish call per event, up to `partitionsAtOnce` partitions at a time.
        package static let single = Mode(kind: .single)

        /// The mode named `text` (`bulk` or `single`), nil for anything else.
        package init?(_ text: String) {
            guard let kind = Kind(rawValue: text.lowercased()) else { return nil }
            self.kind = kind
        }

        private init(kind: Kind) { self.kind = kind }

        package var description: String { kind.rawValue }
    }

    private let dapr: any DaprClient
    private let pubsub: String
    private let mode: Mode
    private let partitionsAtOnce: Int
    private let bulkRoute = BulkRoute()

    /// Makes a publisher.
    /// - Parameters:
    ///   - dapr: the Dapr client.
    ///   - pubsub: the pub/sub component (default `todo-pubsub`).
    ///   - mode: bulk (default) or single publishes.
    ///   - partitionsAtOnce: in single mode (and on fallback), how many partitions are published concurrently.
    package init(dapr: any DaprClient, pubsub: String = "todo-pubsub", mode: Mode = .bulk, partitionsAtOnce: Int = 8) {
        self.dapr = dapr
        self.pubsub = pubsub
        self.mode = mode
        self.partitionsAtOnce = max(1, partitionsAtOnce)
    }

    /// Publishes one event; returns once Dapr accepted it.
    package func publish(_ event: OutboxEvent) async throws {
        try await dapr.publish(
            pubsub: pubsub, topic: event.message.topic, cloudEventJSON: event.message.payload,
            partitionKey: event.message.partitionKey)
    }

    /// Publishes a batch: one bulk call per topic (topics in order of first appearance), or one call per event in
    /// single mode or once the bulk route proved missing.
    package func publish(batch events: [OutboxEvent]) async -> BatchPublishResult {
        guard mode == .bulk, !bulkRoute.isMissing else {
            return await publishOneByOne(events, partitionsAtOnce: partitionsAtOnce)
        }
        var topics: [String: [OutboxEvent]] = [:]
        var order: [String] = []
        for event in events {
            if topics[event.message.topic] == nil { order.append(event.message.topic) }
            topics[event.message.topic, default: []].append(event)
        }
        var result = BatchPublishResult()
        for topic in order {
            // Once a call of the topic failed in part, its later calls are not made: a later event of a failed
            // one's partition must not reach the broker before it (the relay sends them again, in order).
            var failure: (any Error)?
            for chunk in Self.chunks(topics[topic] ?? []) {
                let failures =
                    if let failure { BatchPublishResult.allFailed(chunk, failure).failures } else {
                        await publishBulk(topic: topic, chunk).failures
                    }
                result.failures.merge(failures) { first, _ in first }
                failure = failure ?? failures.values.first
            }
        }
        return result
    }

    /// The payload bytes one bulk call carries at most (a single larger event goes alone): well under the 4 MiB a
    /// request body may have in daprd (`--max-body-size`) and in the embedded runtime.
    package static let bulkBytesLimit = 1 << 20

    /// `events` in order, cut into runs of at most ``bulkBytesLimit`` payload bytes each.
    static func chunks(_ events: [OutboxEvent]) -> [ArraySlice<OutboxEvent>] {
        var chunks: [ArraySlice<OutboxEvent>] = []
        var start = events.startIndex
        var bytes = 0
        for index in events.indices {
            let size = events[index].message.payload.count
            if index > start, bytes + size > bulkBytesLimit {
                chunks.append(events[start..<index])
                start = index
                bytes = 0
            }
            bytes += size
        }
        if start < events.endIndex { chunks.append(events[start...]) }
        return chunks
    }

    /// One bulk call for `events` of `topic`; entry ids are the event ids.
    private func publishBulk(topic: String, _ events: ArraySlice<OutboxEvent>) async -> BatchPublishResult {
        let entries = events.map { event in
            DaprBulkPublishEntry(
                entryID: event.eventID.uuidString, event: event.message.payload,
                contentType: "application/cloudevents+json", metadata: ["partitionKey": event.message.partitionKey])
        }
        let answer: DaprBulkPublishResult
        do {
            answer = try await dapr.bulkPublish(pubsub: pubsub, topic: topic, entries: entries, metadata: [:])
        } catch let error as DaprError where (400..<500).contains(error.httpStatus ?? 0) {
            if error.code == .routeNotFound || (error.httpStatus == 404 && error.errorCode == nil) {
                bulkRoute.markMissing()
            }
            return await publishOneByOne(Array(events), partitionsAtOnce: partitionsAtOnce)
        } catch {
            return .allFailed(events, error)
        }
        guard !answer.allPublished else { return BatchPublishResult() }
        let ids = Dictionary(events.map { ($0.eventID.uuidString, $0.eventID) }) { first, _ in first }
        var result = BatchPublishResult()
        for failed in answer.failedEntries {
            guard let id = ids[failed.entryID] else {
                // An entry id we did not send: the answer cannot be trusted entry by entry.
                let error = DaprError(
                    code: .invalidResponse, message: "bulk publish answered an unknown entry id '\(failed.entryID)'")
                return .allFailed(events, error)
            }
            result.failures[id] = DaprError(
                code: .operationFailed, message: "bulk publish entry failed: \(failed.error)",
                errorCode: "ERR_PUBSUB_PUBLISH_MESSAGE")
        }
        return result
    }
}

/// Remembers that the sidecar has no bulk publish route (shared by copies of the publisher).
private final class BulkRoute: Sendable {
    private let missing = Atomic<Bool>(false)

    var isMissing: Bool { missing.load(ordering: .relaxed) }

    func markMissing() { missing.store(true, ordering: .relaxed) }
}
