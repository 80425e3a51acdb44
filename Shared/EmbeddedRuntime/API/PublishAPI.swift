import DaprResources
import FoundationEssentials
import HTTPTypes
import JSON
import Schedules
import Synchronization

/// `POST|PUT /v1.0/publish/{pubsub}/{topic...}`: validation and status codes of daprd's `onPublish` (§1.5),
/// the CloudEvent envelope (§1.3/§1.4), `rawPayload`, `partitionKey` (delivery order), TTL (§1.6).
struct PublishAPI: Sendable {
    let core: RuntimeCore

    /// Publishes one message; 204 once it is durably in the log.
    func publish(_ request: APIRequest, pubsub: String, topic: String) async -> HTTPResponse {
        if let failure = PublishAPI.validate(core, appID: request.appID, pubsub: pubsub, topic: topic) {
            return failure
        }
        let metadata = request.metadata
        guard let raw = PublishAPI.parseBool(metadata["rawPayload"]) else {
            return DaprResponse.response(
                400, "ERR_PUBSUB_REQUEST_METADATA",
                "failed deserializing metadata. Error: invalid rawPayload value: \(metadata["rawPayload"] ?? "")")
        }
        let trace = CloudEventEnvelope.Trace(
            traceparent: request.raw.headers["traceparent"] ?? "", tracestate: request.raw.headers["tracestate"] ?? "")
        let ttl = PublishAPI.ttlSeconds(metadata)
        var message = LogMessage(
            pubsub: pubsub, topic: topic, partitionKey: metadata["partitionKey"], body: request.raw.body,
            traceparent: trace.traceparent.isEmpty ? nil : trace.traceparent,
            tracestate: trace.tracestate.isEmpty ? nil : trace.tracestate, raw: raw)
        if !raw {
            let contentType = request.raw.headers["Content-Type"]
            if let contentType, PublishAPI.mediaType(contentType) == "application/cloudevents+json",
                let failure = PublishAPI.nestingFailure(message, pubsub: pubsub, topic: topic)
            {
                return failure
            }
            let builder = PublishEnvelopeBuilder(pubsub: pubsub, topic: topic, source: request.appID, trace: trace)
            guard
                let body = builder.cloudEvent(
                    .body(request.raw.body), contentType: contentType, metadata: metadata, ttl: ttl)
            else {
                return DaprResponse.response(
                    500, "ERR_PUBSUB_CLOUD_EVENTS_SER",
                    "error when publishing to topic \(topic) in pubsub \(pubsub): cannot create cloudevent")
            }
            message.body = body
        }
        if let ttl { message.expiresAt = Date().timeIntervalSince1970 + Double(ttl) }
        if let failure = PublishAPI.nestingFailure(message, pubsub: pubsub, topic: topic) { return failure }
        do {
            try await core.hub.publish([message])
            return DaprResponse.noContent
        } catch {
            return DaprResponse.response(
                500, "ERR_PUBSUB_PUBLISH_MESSAGE",
                "error when publishing to topic \(topic) in pubsub \(pubsub): \(error)")
        }
    }

    /// The error answer for a publish to `pubsub`/`topic` by `appID`, or nil when it may proceed.
    static func validate(_ core: RuntimeCore, appID: String, pubsub: String, topic: String) -> HTTPResponse? {
        let key = appID + "\u{0}" + pubsub + "\u{0}" + topic
        if core.allowedPublishes.withLock({ $0.contains(key) }) { return nil }
        let failure = checked(core, appID: appID, pubsub: pubsub, topic: topic)
        if failure == nil {
            core.allowedPublishes.withLock { allowed in
                if allowed.count < 4096 { allowed.insert(key) }
            }
        }
        return failure
    }

    /// ``validate(_:appID:pubsub:topic:)`` by the components' rules, every time.
    private static func checked(_ core: RuntimeCore, appID: String, pubsub: String, topic: String) -> HTTPResponse? {
        let visible = core.components.pubsubs.values.filter { $0.isVisible(to: appID) }
        if visible.isEmpty {
            return DaprResponse.response(404, "ERR_PUBSUB_NOT_FOUND", "pubsub \(pubsub) is not found")
        }
        if pubsub.isEmpty { return DaprResponse.response(404, "ERR_PUBSUB_EMPTY", "pubsub name is empty") }
        guard let component = visible.first(where: { $0.name == pubsub }) else {
            return DaprResponse.response(404, "ERR_PUBSUB_NOT_FOUND", "pubsub \(pubsub) is not found")
        }
        if topic.isEmpty {
            return DaprResponse.response(404, "ERR_TOPIC_NAME_EMPTY", "topic is empty in pubsub \(pubsub)")
        }
        guard TopicScopes.isAllowed(component, appID: appID, topic: topic, scopesKey: "publishingScopes") else {
            return DaprResponse.response(
                403, "ERR_PUBSUB_FORBIDDEN", "topic \(topic) is not allowed for app id \(appID)")
        }
        return nil
    }

    /// The 400 for a message nested deeper than subscribers read (`JSONNesting.maximumDepth`), or nil. A CloudEvent
    /// (every non-raw message) is checked whole; a raw payload only when it would be delivered as an event object.
    /// daprd has no such limit (Go's decoder allows 10,000 levels); the embedded runtime refuses at the door what
    /// would otherwise be an unreadable entry in every bulk delivery it joins.
    static func nestingFailure(_ message: LogMessage, pubsub: String, topic: String) -> HTTPResponse? {
        guard !message.raw || BulkEnvelope.isObject(message.body) else { return nil }
        guard JSONNesting.depth(of: message.body) > JSONNesting.maximumDepth else { return nil }
        return DaprResponse.response(
            400, "ERR_PUBSUB_EVENTS_SER",
            "error when publishing to topic \(topic) in pubsub \(pubsub): "
                + "the event is nested deeper than \(JSONNesting.maximumDepth) levels")
    }

    /// Go's `strconv.ParseBool`; nil for an invalid value, false when absent.
    static func parseBool(_ text: String?) -> Bool? {
        guard let text else { return false }
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// `ttlInSeconds` or `ttl` (key case-insensitive): integer seconds or a Go duration; invalid → nil (ignored,
    /// as daprd's `ApplyMetadata` discards the error).
    static func ttlSeconds(_ metadata: [String: String]) -> Int? {
        guard
            let value = metadata.first(where: { ["ttlinseconds", "ttl"].contains($0.key.lowercased()) })?.value
        else { return nil }
        if let seconds = Int(value) { return seconds }
        if let nanoseconds = try? GoDuration.nanoseconds(value) { return Int(nanoseconds / 1_000_000_000) }
        return nil
    }

    /// The media type of a Content-Type, lower-cased, parameters removed.
    static func mediaType(_ contentType: String) -> String {
        // Every publish asks this once or twice: ASCII (every real Content-Type) in one pass over the bytes; other
        // text by the Character rules below, which the fast path matches byte for byte on ASCII.
        var media: [UInt8] = []
        var started = false
        var bytes = contentType.utf8.makeIterator()
        while let byte = bytes.next() {
            if byte >= 0x80 { return characterMediaType(contentType) }
            if byte == UInt8(ascii: ";") {
                // `split` drops empty segments: the first one with any character is the media type.
                if started { break }
                continue
            }
            started = true
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { continue }
            media.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        if let next = bytes.next(), next >= 0x80 { return characterMediaType(contentType) }
        return String(decoding: media, as: UTF8.self)
    }

    /// ``mediaType(_:)`` by Characters (a `;` followed by a combining mark is not a separator).
    private static func characterMediaType(_ contentType: String) -> String {
        String(contentType.split(separator: ";").first ?? "").lowercased().filter { $0 != " " && $0 != "\t" }
    }
}
