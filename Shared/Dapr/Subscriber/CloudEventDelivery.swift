import CloudEvents
import FoundationEssentials
import FunctionRuntime
import HTTPTypes

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
    /// Every entry gets a status, so daprd never falls back to RETRY for a missing one.
    static func deliverBulk<F: CloudEventFunction>(
        _ request: HTTPRequest, to function: F, context: FunctionContext
    ) async -> HTTPResponse {
        guard case .array(let entries)? = (try? JSONValue.parse(request.body))?["entries"] else {
            context.logger.warning("Dropped undecodable bulk delivery")
            // Without entry ids there is nothing to answer per entry; any 2xx or 5xx would make daprd retry the
            // batch forever, 404 drops it all (bulk mode sends nothing to the dead-letter topic for a 404).
            return HTTPResponse(status: .notFound)
        }
        var statuses: [(String, DaprEventStatus)] = []
        for entry in entries {
            guard let entryID = entry["entryId"]?.stringValue else { continue }
            guard let event = bulkEvent(entry, id: entryID) else {
                context.logger.warning("Dropped undecodable event", metadata: ["dapr.entry_id": "\(entryID)"])
                statuses.append((entryID, .drop))
                continue
            }
            do {
                statuses.append((entryID, try await handle(event, function, context)))
            } catch {
                context.logger.error("Event handler failed; asking Dapr to retry", metadata: metadata(event, error))
                statuses.append((entryID, .retry))
            }
        }
        var writer = JSONBodyWriter()
        writer.beginObject()
        writer.key("statuses")
        writer.beginArray()
        for (entryID, status) in statuses { writer.stringMap(["entryId": entryID, "status": status.description]) }
        writer.endArray()
        writer.endObject()
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: writer.bytes)
    }

    private static func handle<F: CloudEventFunction>(
        _ event: CloudEvent, _ function: F, _ context: FunctionContext
    ) async throws -> DaprEventStatus {
        var context = context
        context.logger.metadata["ce.id"] = .string(event.id)
        context.logger.metadata["ce.type"] = .string(event.type)
        return try await function.handle(event, context: context)
    }

    /// A bulk entry's event: a CloudEvent object, or (raw payload subscriptions) base64 bytes wrapped the way daprd
    /// wraps a raw single delivery.
    private static func bulkEvent(_ entry: JSONValue, id: String) -> CloudEvent? {
        let json: [UInt8]
        switch entry["event"] {
        case .object?:
            guard let bytes = try? entry["event"]?.jsonBytes() else { return nil }
            json = bytes
        case .string(let base64)?:
            var writer = JSONBodyWriter()
            writer.stringMap([
                "specversion": "1.0", "id": id, "source": "Dapr", "type": "com.dapr.event.sent",
                "datacontenttype": entry["contentType"]?.stringValue ?? "application/octet-stream",
                "data_base64": base64,
            ])
            json = writer.bytes
        default:
            return nil
        }
        guard let event = try? CloudEvent(jsonBytes: json), (try? event.validate()) != nil else { return nil }
        return event
    }

    private static func metadata(_ event: CloudEvent, _ error: any Error) -> Logger.Metadata {
        ["ce.id": .string(event.id), "ce.type": .string(event.type), "error": .string("\(error)")]
    }
}
