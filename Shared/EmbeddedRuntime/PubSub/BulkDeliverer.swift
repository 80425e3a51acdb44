import FoundationEssentials
import HTTPTypes

/// Delivers a batch of log messages to a bulk subscription as daprd's `bulkSubscribeTopic` + `DeliverBulk` do
/// (§2.6 of the reference): expired and unroutable messages are disposed of first (dead-letter topic or recorded
/// drop), the rest are grouped by matched path and POSTed as one bulk request per path, in log order.
///
/// Per-entry outcomes: SUCCESS acks; DROP acks and dead-letters; a 4xx for the whole bulk (the app could not read
/// it) delivers its entries again as single deliveries, one by one in log order, so one unreadable entry costs only
/// itself (daprd instead retries the whole bulk for a 4xx and drops it whole for a 404); everything else (RETRY, no
/// or unknown status, non-JSON 2xx, 5xx, timeout, transport error) is retried with the policy's backoff as a smaller
/// bulk of just those entries, and after the last attempt dead-lettered or recorded as dropped, as single deliveries
/// are.
struct BulkDeliverer: Sendable {
    /// Routes, the timed send and disposal, shared with single deliveries.
    let single: MessageDeliverer

    private var policy: DeliveryPolicy { single.policy }
    private var subscription: ResolvedSubscription { single.subscription }

    /// Delivers `messages` (in log order; the consumer never has two bulks in flight that share a partition key).
    /// - Parameters:
    ///   - messages: the batch.
    ///   - report: called before each retry wait with the messages completed so far (acknowledged, dead-lettered or
    ///     dropped), so that the consumer can release their keys and advance its position meanwhile.
    /// - Returns: the completed messages not yet reported. Messages in neither (cancelled) stay unacknowledged and
    ///   are redelivered after a restart.
    func deliver(_ messages: [LogMessage], report: @Sendable ([LogMessage]) async -> Void) async -> [LogMessage] {
        var completed: [LogMessage] = []
        var groups: [(path: String, messages: [LogMessage])] = []
        let now = Date().timeIntervalSince1970
        for message in messages {
            if let expiresAt = message.expiresAt, expiresAt <= now {
                completed.append(message)
                _ = await single.dispose(message, reason: "message expired")
                continue
            }
            guard subscription.rawPayload || BulkEnvelope.isObject(message.body) else {
                completed.append(message)
                _ = await single.dispose(message, reason: "the message is not a JSON CloudEvent")
                continue
            }
            let routed = subscription.rawPayload ? CloudEventEnvelope.wrapRaw(message) : message.body
            guard let path = single.route(for: routed) else {
                completed.append(message)
                _ = await single.dispose(message, reason: "no route matched the event")
                continue
            }
            if let index = groups.firstIndex(where: { $0.path == path }) {
                groups[index].messages.append(message)
            } else {
                groups.append((path, [message]))
            }
        }
        for group in groups where !Task.isCancelled {
            await deliver(group.messages, to: group.path, completed: &completed, report: report)
        }
        return completed
    }

    private func deliver(
        _ messages: [LogMessage], to path: String, completed: inout [LogMessage],
        report: @Sendable ([LogMessage]) async -> Void
    ) async {
        var pending = messages
        var attempt = 1
        while !pending.isEmpty, !Task.isCancelled {
            let outcomes = await attemptOnce(pending, path: path)
            if case .unreadable(let why)? = outcomes.first {
                await deliverOneByOne(pending, because: why, completed: &completed)
                return
            }
            var retrying: [LogMessage] = []
            var reason = ""
            for (message, outcome) in zip(pending, outcomes) {
                switch outcome {
                case .success: completed.append(message)
                case .drop(let why):
                    _ = await single.dispose(message, reason: why)
                    completed.append(message)
                case .unreadable: break
                case .retry(let why):
                    retrying.append(message)
                    reason = why
                }
            }
            pending = retrying
            if pending.isEmpty || Task.isCancelled { return }
            if attempt >= policy.maxAttempts {
                for message in pending {
                    _ = await single.dispose(message, reason: "\(reason) after \(attempt) attempts")
                    completed.append(message)
                }
                return
            }
            if !completed.isEmpty {
                await report(completed)
                completed.removeAll()
            }
            do { try await Task.sleep(for: policy.backoff(after: attempt)) } catch { return }
            attempt += 1
        }
    }

    /// Delivers `messages` as single deliveries in order (each with the policy's retries, then dead-lettered or
    /// dropped on its own); a message left undelivered by cancellation stays unacknowledged.
    private func deliverOneByOne(_ messages: [LogMessage], because reason: String, completed: inout [LogMessage]) async {
        single.logger.warning(
            "pubsub: \(subscription.appID)/\(subscription.pubsub)/\(subscription.topic): \(reason); delivering its "
                + "\(messages.count) entries one by one")
        for message in messages {
            guard await single.deliver(message) else { return }
            completed.append(message)
        }
    }

    private func attemptOnce(_ messages: [LogMessage], path: String) async -> [BulkEntryOutcome] {
        let request = HTTPRequest(
            method: .post, target: path,
            headers: ["Content-Type": "application/json", "Pubsubname": subscription.pubsub],
            body: BulkEnvelope.body(messages, subscription: subscription))
        switch await single.send(request) {
        case .success(let response): return BulkEntryOutcome.classify(response, entryIDs: messages.map { String($0.seq) })
        case .failure(let failure): return Array(repeating: .retry(failure.reason), count: messages.count)
        }
    }
}
