import CloudEvents
import Dapr
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON

/// Turns Dapr deliveries into `CloudEventFunction` calls and the outcome into Dapr's answer.
enum CloudEventDelivery {
    /// One delivery (`application/cloudevents+json`, or a binary-mode event from a non-Dapr sender).
    static func deliver<F: CloudEventFunction>(
        _ request: HTTPRequest, to function: F, context: FunctionContext
    ) async -> HTTPResponse {
        let event: CloudEvent
        do {
            event = try CloudEvent(request: request)
            try event.validate()
        } catch {
            context.logger.warning(
                "Dropped undecodable event",
                metadata: ["error": "\(error)", "http.route": "\(context.route ?? "")"])
            return DaprEventStatus.drop.response
        }
        do {
            return try await handle(event, function, context).response
        } catch {
            context.logger.error("Event handler failed; asking Dapr to retry", metadata: metadata(event, error))
            var response = DaprEventStatus.retry.response
            response.status = .internalServerError
            return response
        }
    }

    /// A bulk delivery: `{"entries":[{"entryId","event","contentType"}]}` → `{"statuses":[{"entryId","status"}]}`.
    ///
    /// The valid events go to the function in one `handleBulk` call; an undecodable or invalid entry is answered DROP
    /// without reaching it (an entry too deep or malformed inside is stepped over, so it costs only itself). Every
    /// entry gets a status, so daprd never falls back to RETRY for a missing one. A body that is no bulk envelope but
    /// a single CloudEvent (a sender without bulk) is handled as a single delivery; any other unreadable body is
    /// answered 400, never 404 (which would drop every entry): the embedded runtime then delivers the entries one by
    /// one, daprd retries the bulk.
    static func deliverBulk<F: CloudEventFunction>(
        _ request: HTTPRequest, to function: F, context: FunctionContext
    ) async -> HTTPResponse {
        let entries: [BulkDeliveryEntry]
        do {
            entries = try BulkDeliveryEntry.decodeAll(request.body)
        } catch {
            if request.headers["ce-id"] != nil
                || request.headers["Content-Type"]?.lowercased().hasPrefix(CloudEvent.jsonContentType) == true
            {
                return await deliver(request, to: function, context: context)
            }
            context.logger.warning("Refused unreadable bulk delivery", metadata: ["error": "\(error)"])
            // Without entry ids there is nothing to answer per entry, and a 404 would make daprd drop every entry,
            // good ones too, without the dead-letter topic. A 400 is a retry of the whole bulk for daprd (its
            // resiliency policy, then each entry to the dead-letter topic); the embedded runtime delivers the
            // entries again one by one, so only the unreadable one is dropped.
            return HTTPResponse.error(.badRequest, message: "the bulk delivery cannot be read: \(error)")
        }
        var statuses = [DaprEventStatus](repeating: .drop, count: entries.count)
        var events: [CloudEvent] = []
        var positions: [Int] = []
        for (index, entry) in entries.enumerated() {
            guard let event = bulkEvent(entry) else {
                context.logger.warning("Dropped undecodable event", metadata: ["dapr.entry_id": "\(entry.entryID)"])
                continue
            }
            events.append(event)
            positions.append(index)
        }
        if !events.isEmpty {
            var results: [DaprEventStatus] = []
            do {
                results = try await function.handleBulk(events, context: context)
            } catch {
                context.logger.error(
                    "Bulk event handler failed; asking Dapr to retry",
                    metadata: ["error": "\(error)", "dapr.entries": "\(events.count)"])
            }
            for (offset, position) in positions.enumerated() {
                statuses[position] = offset < results.count ? results[offset] : .retry
            }
        }
        var writer = JSONBodyWriter()
        writer.beginObject()
        writer.key("statuses")
        writer.beginArray()
        for (entry, status) in zip(entries, statuses) {
            writer.stringMap(["entryId": entry.entryID, "status": status.description])
        }
        writer.endArray()
        writer.endObject()
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: writer.bytes)
    }

    /// The default `handleBulk`: each partition key's events in turn, in their order, and up to
    /// `bulkConcurrency` keys at once (as the runtime delivers single events of different keys concurrently). A
    /// thrown error answers RETRY for that event and, unhandled, for the later events of its key, so a key's events
    /// are still applied in order when the retry comes. Events without a key are each a key of their own.
    static func handleEach<F: CloudEventFunction>(
        _ events: [CloudEvent], _ function: F, _ context: FunctionContext
    ) async -> [DaprEventStatus] {
        var runs: [[Int]] = []
        var runOfKey: [String: Int] = [:]
        for (index, event) in events.enumerated() {
            guard let key = event.extensions["partitionkey"]?.stringValue else {
                runs.append([index])
                continue
            }
            if let run = runOfKey[key] {
                runs[run].append(index)
            } else {
                runOfKey[key] = runs.count
                runs.append([index])
            }
        }
        var statuses = [DaprEventStatus](repeating: .retry, count: events.count)
        await withTaskGroup(of: [(Int, DaprEventStatus)].self) { group in
            var running = 0
            for run in runs {
                if running == bulkConcurrency, let finished = await group.next() {
                    for (index, status) in finished { statuses[index] = status }
                    running -= 1
                }
                group.addTask { await handleRun(run, events, function, context) }
                running += 1
            }
            for await finished in group {
                for (index, status) in finished { statuses[index] = status }
            }
        }
        return statuses
    }

    /// Keys handled at once in one bulk by the default `handleBulk`.
    static let bulkConcurrency = 16

    /// One key's events in order; after a failure the rest are RETRY, unhandled.
    private static func handleRun<F: CloudEventFunction>(
        _ run: [Int], _ events: [CloudEvent], _ function: F, _ context: FunctionContext
    ) async -> [(Int, DaprEventStatus)] {
        var statuses: [(Int, DaprEventStatus)] = []
        var failed = false
        for index in run {
            guard !failed else {
                statuses.append((index, .retry))
                continue
            }
            do {
                statuses.append((index, try await handle(events[index], function, context)))
            } catch {
                context.logger.error(
                    "Event handler failed; asking Dapr to retry", metadata: metadata(events[index], error))
                statuses.append((index, .retry))
                failed = true
            }
        }
        return statuses
    }

    private static func handle<F: CloudEventFunction>(
        _ event: CloudEvent, _ function: F, _ context: FunctionContext
    ) async throws -> DaprEventStatus {
        var context = context
        context.logger.metadata["ce.id"] = .string(event.id)
        context.logger.metadata["ce.type"] = .string(event.type)
        return try await function.handle(event, context: context)
    }

    /// A bulk entry's event: a valid CloudEvent object, or (raw payload subscriptions) base64 bytes wrapped the way
    /// daprd wraps a raw single delivery.
    private static func bulkEvent(_ entry: BulkDeliveryEntry) -> CloudEvent? {
        let event: CloudEvent
        switch entry.payload {
        case .event(let decoded): event = decoded
        case .text(let base64):
            var writer = JSONBodyWriter()
            writer.stringMap([
                "specversion": "1.0", "id": entry.entryID, "source": "Dapr", "type": "com.dapr.event.sent",
                "datacontenttype": entry.contentType ?? "application/octet-stream", "data_base64": base64,
            ])
            guard let wrapped = try? CloudEvent(jsonBytes: writer.bytes) else { return nil }
            event = wrapped
        case .invalid: return nil
        }
        return (try? event.validate()) != nil ? event : nil
    }

    private static func metadata(_ event: CloudEvent, _ error: any Error) -> Logger.Metadata {
        ["ce.id": .string(event.id), "ce.type": .string(event.type), "error": .string("\(error)")]
    }
}
