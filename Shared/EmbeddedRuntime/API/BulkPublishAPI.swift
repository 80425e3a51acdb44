import FoundationEssentials
import HTTPTypes
import JSON

/// `POST|PUT /v1.0-alpha1/publish/bulk/{pubsub}/{topic...}` (and `/v1.0/publish/bulk/...`, 1.17+): every entry
/// wrapped into its own CloudEvent, all appended in one transaction (§1.7).
///
/// daprd merges the request's `metadata.*` parameters only into entries that carry their own `metadata` object
/// (`PopulateMetadataForBulkPublishEntry`), so `cloudevent.*` overrides silently miss the others; the embedded
/// runtime follows the documented intent and merges them into every entry (entry keys win).
struct BulkPublishAPI: Sendable {
    let core: RuntimeCore

    /// Publishes every entry; 204 once all are in the log.
    func publish(_ request: APIRequest, pubsub: String, topic: String) async -> HTTPResponse {
        if let failure = PublishAPI.validate(core, appID: request.appID, pubsub: pubsub, topic: topic) {
            return failure
        }
        func invalid(_ message: String) -> HTTPResponse {
            DaprResponse.response(
                400, "ERR_PUBSUB_EVENTS_SER", "error when publishing to topic \(topic) in pubsub \(pubsub): \(message)")
        }
        guard case .array(let entries)? = try? JSONValue.parse(request.raw.body, lenient: true) else {
            return invalid("the request body must be a JSON array of entries")
        }
        let requestMetadata = request.metadata
        let trace = CloudEventEnvelope.Trace(
            traceparent: request.raw.headers["traceparent"] ?? "", tracestate: request.raw.headers["tracestate"] ?? "")
        let builder = PublishEnvelopeBuilder(pubsub: pubsub, topic: topic, source: request.appID, trace: trace)
        var seen = Set<String>()
        var messages: [LogMessage] = []
        for entry in entries {
            guard let entryID = entry["entryId"]?.stringValue, !entryID.isEmpty else {
                return invalid("entryId is duplicated or not present for entry")
            }
            guard seen.insert(entryID).inserted else { return invalid("entryId is duplicated or not present for entry") }
            let contentType = entry["contentType"]?.stringValue ?? ""
            let event = entry["event"] ?? .null
            // A JSON event stays the value parsed with the request; other content types become their bytes.
            let isJSON = BulkPublishAPI.isJSON(contentType)
            var bytes: [UInt8] = []
            if !isJSON {
                guard let converted = BulkPublishAPI.bytes(of: event, contentType: contentType) else {
                    return invalid("error when converting event to bytes for entry \(entryID)")
                }
                bytes = converted
            }
            var metadata = requestMetadata
            for (key, value) in entry["metadata"]?.objectValue ?? [:] {
                metadata[key] = value.stringValue ?? value.text(escaping: .go)
            }
            guard let raw = PublishAPI.parseBool(metadata["rawPayload"]) else {
                return DaprResponse.response(400, "ERR_PUBSUB_REQUEST_METADATA", "invalid rawPayload value")
            }
            let ttl = PublishAPI.ttlSeconds(metadata)
            if raw {
                if isJSON { bytes = event.bytes(escaping: .go) }
            } else {
                guard
                    let body = builder.cloudEvent(
                        isJSON ? .parsed(event) : .body(bytes), contentType: contentType, metadata: metadata, ttl: ttl)
                else { return invalid("cannot create cloudevent for entry \(entryID)") }
                bytes = body
            }
            var message = LogMessage(
                pubsub: pubsub, topic: topic, partitionKey: metadata["partitionKey"], body: bytes,
                traceparent: trace.traceparent.isEmpty ? nil : trace.traceparent,
                tracestate: trace.tracestate.isEmpty ? nil : trace.tracestate, raw: raw)
            if let ttl { message.expiresAt = Date().timeIntervalSince1970 + Double(ttl) }
            if let failure = PublishAPI.nestingFailure(message, pubsub: pubsub, topic: topic) { return failure }
            messages.append(message)
        }
        guard !messages.isEmpty else { return DaprResponse.noContent }
        do {
            try await core.hub.publish(messages)
            return DaprResponse.noContent
        } catch {
            var failed: [JSONValue] = []
            for entry in entries {
                failed.append(.object(["entryId": entry["entryId"] ?? .null, "error": .string("\(error)")]))
            }
            var response = DaprResponse.json(
                .object(["failedEntries": .array(failed), "errorCode": .string("ERR_PUBSUB_PUBLISH_MESSAGE")]),
                status: 500)
            response.headers["metadata.error"] = "\(error)"
            return response
        }
    }

    /// daprd's `ConvertEventToBytes`: octet-stream needs base64 text, text/* and XML need a string, JSON and
    /// CloudEvents JSON take any value (re-marshalled); other content types fail.
    static func bytes(of event: JSONValue, contentType: String) -> [UInt8]? {
        if isJSON(contentType) { return event.bytes(escaping: .go) }
        let media = PublishAPI.mediaType(contentType)
        if media == "application/octet-stream" {
            guard let text = event.stringValue, let data = Data(base64Encoded: text) else { return nil }
            return Array(data)
        }
        if media.hasPrefix("text/") || media == "application/xml" {
            return event.stringValue.map { Array($0.utf8) }
        }
        return nil
    }

    /// Whether an entry's event is JSON (`application/json` or `application/cloudevents+json`): any value, kept
    /// as parsed.
    static func isJSON(_ contentType: String) -> Bool {
        let media = PublishAPI.mediaType(contentType)
        return media == "application/json" || media == "application/cloudevents+json"
    }
}
