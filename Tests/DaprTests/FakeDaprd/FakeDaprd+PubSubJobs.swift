import FoundationEssentials
import HTTPTypes
import JSON
import Synchronization

@testable import Dapr

/// Publish, bulk publish and jobs, as daprd 1.16+ answers them.
extension FakeDaprd {
    func publish(pubsub: String, topic: String, _ request: HTTPRequest, _ metadata: [String: String]) -> HTTPResponse {
        guard pubsubs.contains(pubsub) else {
            return Self.error(404, "ERR_PUBSUB_NOT_FOUND", "pubsub \(pubsub) is not found")
        }
        if let raw = metadata["rawPayload"], !["true", "false", "1", "0", "t", "f", "TRUE", "FALSE"].contains(raw) {
            return Self.error(400, "ERR_PUBSUB_REQUEST_METADATA", "failed deserializing metadata: rawPayload")
        }
        let contentType = request.headers["Content-Type"]
        if contentType?.hasPrefix("application/cloudevents+json") == true {
            guard case .object? = try? JSONValue.parse(request.body) else {
                return Self.error(500, "ERR_PUBSUB_CLOUD_EVENTS_SER", "cannot create cloudevent")
            }
        }
        storage.withLock {
            $0.published.append(
                Published(
                    pubsub: pubsub, topic: topic, contentType: contentType, metadata: metadata, body: request.body))
        }
        return HTTPResponse(status: .noContent)
    }

    func bulkPublish(pubsub: String, _ request: HTTPRequest) -> HTTPResponse {
        guard pubsubs.contains(pubsub) else {
            return Self.error(404, "ERR_PUBSUB_NOT_FOUND", "pubsub \(pubsub) is not found")
        }
        guard case .array(let entries)? = try? JSONValue.parse(request.body) else {
            return Self.error(400, "ERR_PUBSUB_EVENTS_SER", "error when unmarshaling the request")
        }
        var seen: Set<String> = []
        let allowed = ["application/json", "application/cloudevents+json", "application/octet-stream", "text/plain"]
        for entry in entries {
            guard let id = entry["entryId"]?.stringValue, !id.isEmpty, seen.insert(id).inserted,
                let contentType = entry["contentType"]?.stringValue, allowed.contains(contentType)
            else {
                return Self.error(400, "ERR_PUBSUB_EVENTS_SER", "entryId is duplicated or contentType missing")
            }
            if contentType == "application/octet-stream",
                Data(base64Encoded: entry["event"]?.stringValue ?? "!") == nil
            {
                return Self.error(400, "ERR_PUBSUB_EVENTS_SER", "event is not base64")
            }
        }
        let failing = storage.withLock { storage in
            entries.compactMap { $0["entryId"]?.stringValue }.filter { storage.failingEntryIDs.contains($0) }
        }
        guard !failing.isEmpty else { return HTTPResponse(status: .noContent) }
        var writer = JSONBodyWriter()
        writer.beginObject()
        writer.key("failedEntries")
        writer.beginArray()
        for id in failing { writer.stringMap(["entryId": id, "error": "broker unavailable"]) }
        writer.endArray()
        writer.key("errorCode")
        writer.string("ERR_PUBSUB_PUBLISH_MESSAGE")
        writer.endObject()
        return HTTPResponse(
            status: .internalServerError, headers: ["Content-Type": "application/json"], body: writer.bytes)
    }

    func job(_ request: HTTPRequest, name: String) -> HTTPResponse {
        switch request.method {
        case .post:
            guard case .object(let fields)? = try? JSONValue.parse(request.body) else {
                return Self.error(400, "ERR_MALFORMED_REQUEST", "failed to decode job")
            }
            if fields["name"] != nil {
                return Self.error(400, "DAPR_SCHEDULER_JOB_NAME", "Set the job name in the url only")
            }
            if fields["schedule"] == nil && fields["dueTime"] == nil {
                return Self.error(400, "DAPR_SCHEDULER_SCHEDULE_EMPTY", "Schedule is empty")
            }
            if let repeats = fields["repeats"]?.int64Value, repeats < 0 {
                return Self.error(400, "ERR_MALFORMED_REQUEST", "repeats must be positive")
            }
            if name.contains("/") {
                return Self.error(500, "DAPR_SCHEDULER_SCHEDULE_JOB", "failed to schedule job due to: invalid name")
            }
            return storage.withLock { storage in
                if storage.jobs[name] != nil, fields["overwrite"] != .bool(true) {
                    return Self.error(
                        409, "DAPR_SCHEDULER_SCHEDULE_JOB", "failed to schedule job due to: already exists")
                }
                storage.jobs[name] = .object(fields)
                return HTTPResponse(status: .noContent)
            }
        case .get:
            guard case .object(var fields)? = storage.withLock({ $0.jobs[name] }) else {
                return Self.error(
                    500, "DAPR_SCHEDULER_GET_JOB",
                    "failed to get job due to: rpc error: code = NotFound desc = job not found: \(name)")
            }
            fields["name"] = .string(name)
            fields["data"] = .object([
                "@type": .string("type.googleapis.com/google.protobuf.Value"), "value": fields["data"] ?? .null,
            ])
            fields["overwrite"] = nil
            let body = JSONValue.object(fields).bytes()
            return HTTPResponse(headers: ["Content-Type": "application/json"], body: body)
        case .delete:
            storage.withLock { $0.jobs[name] = nil }
            return HTTPResponse(status: .noContent)
        default:
            return Self.error(404, "ERR_DIRECT_INVOKE", "failed getting app id")
        }
    }
}
