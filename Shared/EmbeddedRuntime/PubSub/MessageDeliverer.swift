import EmbeddedSeams
import FoundationEssentials
import HTTPTypes
import JSON

/// Delivers one log message to one subscription as daprd does: structured CloudEvent `POST` to the matched route,
/// bounded exponential retries, then the dead-letter topic or a recorded drop.
struct MessageDeliverer: Sendable {
    let subscription: ResolvedSubscription
    let channel: AppChannel
    let policy: DeliveryPolicy
    let log: MessageLog
    let deadLetter: @Sendable (LogMessage, String) async throws -> Void
    let logger: RuntimeLogger
    let watchdog: DeliveryWatchdog

    /// Delivers `message` until it is acknowledged, dead-lettered or dropped (true), or cancelled (false: it stays
    /// unacknowledged and is redelivered after a restart).
    func deliver(_ message: LogMessage) async -> Bool {
        if let expiresAt = message.expiresAt, expiresAt <= Date().timeIntervalSince1970 {
            return await dispose(message, reason: "message expired")
        }
        guard let (path, body) = request(for: message) else {
            return await dispose(message, reason: "no route matched the event")
        }
        var attempt = 1
        while true {
            if Task.isCancelled { return false }
            let result = await attemptOnce(message, path: path, body: body)
            switch result {
            case .success: return true
            case .drop(let reason): return await dispose(message, reason: reason)
            case .retry(let reason):
                if Task.isCancelled { return false }
                if attempt >= policy.maxAttempts {
                    return await dispose(message, reason: "\(reason) after \(attempt) attempts")
                }
                do { try await Task.sleep(for: policy.backoff(after: attempt)) } catch { return false }
                attempt += 1
            }
        }
    }

    private func attemptOnce(_ message: LogMessage, path: String, body: [UInt8]) async -> DeliveryResult {
        var headers: HTTPHeaders = [
            "Content-Type": "application/cloudevents+json", "Pubsubname": subscription.pubsub,
        ]
        if let traceparent = message.traceparent, !traceparent.isEmpty { headers["traceparent"] = traceparent }
        if let tracestate = message.tracestate, !tracestate.isEmpty { headers["tracestate"] = tracestate }
        switch await send(HTTPRequest(method: .post, target: path, headers: headers, body: body)) {
        case .success(let response): return DeliveryResult.classify(response)
        case .failure(let failure): return .retry(failure.reason)
        }
    }

    /// A transport failure or a timeout of one request.
    struct SendFailure: Error {
        let reason: String
    }

    /// Sends one request to the app under the delivery timeout (the watchdog cancels it past the deadline).
    func send(_ request: HTTPRequest) async -> Result<HTTPResponse, SendFailure> {
        let channel = self.channel
        let appID = subscription.appID
        // The attempt is a task of its own so that the watchdog can cancel it alone. It starts on this thread and
        // runs until the channel suspends (`Task.immediate`): no hop through the global pool to begin each delivery.
        let attempt: Task<HTTPResponseBox, any Error>
        if #available(macOS 26.0, *) {
            attempt = Task.immediate { HTTPResponseBox(response: try await channel(appID, request)) }
        } else {
            attempt = Task { HTTPResponseBox(response: try await channel(appID, request)) }
        }
        let id = watchdog.register(attempt)
        let outcome = await withTaskCancellationHandler {
            await attempt.result
        } onCancel: {
            attempt.cancel()
        }
        let timedOut = watchdog.finish(id)
        switch outcome {
        case .success(let box): return .success(box.response)
        case .failure where timedOut: return .failure(SendFailure(reason: "timed out after \(policy.timeout)"))
        case .failure(let error): return .failure(SendFailure(reason: "\(error)"))
        }
    }

    /// The route and the body to POST, or nil when no rule matches.
    func request(for message: LogMessage) -> (String, [UInt8])? {
        let body = subscription.rawPayload ? CloudEventEnvelope.wrapRaw(message) : message.body
        return route(for: body).map { ($0, body) }
    }

    /// The path of the first rule matching the event `body`, or nil when none does.
    func route(for body: [UInt8]) -> String? {
        let needsEvent = subscription.rules.contains { $0.match != nil }
        let event = needsEvent ? (try? JSONValue.parse(body, lenient: true)) : nil
        for rule in subscription.rules {
            guard let match = rule.match else { return rule.path }
            if let event, RouteMatcher.matches(match, event: event) { return rule.path }
        }
        return nil
    }

    /// Sends `message` to the dead-letter topic (unless `deadLetter` is false or there is none), else records the
    /// drop; true (the message is done).
    func dispose(_ message: LogMessage, reason: String, deadLetter useDeadLetter: Bool = true) async -> Bool {
        let name = "\(subscription.appID)/\(subscription.pubsub)/\(subscription.topic)#\(message.seq)"
        if useDeadLetter, let deadLetterTopic = subscription.deadLetterTopic {
            do {
                try await deadLetter(message, deadLetterTopic)
                logger.warning("pubsub: \(name) sent to dead-letter topic \(deadLetterTopic): \(reason)")
                return true
            } catch {
                logger.error("pubsub: \(name) could not be dead-lettered: \(error)")
            }
        } else {
            logger.warning("pubsub: \(name) dropped: \(reason)")
        }
        do {
            try await log.recordDrop(message, appID: subscription.appID, reason: reason)
        } catch {
            logger.error("pubsub: could not record the drop of \(name): \(error)")
        }
        return true
    }
}
