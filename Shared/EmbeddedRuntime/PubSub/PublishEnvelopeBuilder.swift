import FoundationEssentials
import JSON

/// The one builder of a publish's broker bytes, shared by the single and the bulk publish API (§1.3, §1.4, §1.6 of
/// the reference): a CloudEvent the app sent is completed, any other body wrapped, the TTL's `expiration` added.
///
/// Each event is parsed at most once and serialised once: a single publish's body is parsed here (only when it is
/// JSON), a bulk entry's event arrives already parsed with its request and is used as it is; the finished event is
/// written once, with Go's escaping, as the bytes the log stores and subscribers receive.
struct PublishEnvelopeBuilder {
    /// An event as the API has it.
    enum Event {
        /// The request body as sent (single publish, or a bulk entry's non-JSON event as bytes).
        case body([UInt8])
        /// A bulk entry's JSON event, parsed with its request.
        case parsed(JSONValue)
    }

    let pubsub: String
    let topic: String
    /// The publishing app: `source` of a wrapped event.
    let source: String
    let trace: CloudEventEnvelope.Trace

    /// The broker bytes of a non-raw event, or nil when an `application/cloudevents+json` event is not a JSON object
    /// (daprd: "cannot create cloudevent").
    /// - Parameters:
    ///   - event: the event.
    ///   - contentType: its content type (the request's `Content-Type`, or the bulk entry's `contentType`).
    ///   - metadata: the `metadata.*` parameters (`cloudevent.*` overrides for a wrapped event).
    ///   - ttl: the TTL in seconds, if any.
    func cloudEvent(_ event: Event, contentType: String?, metadata: [String: String], ttl: Int?) -> [UInt8]? {
        if let contentType, PublishAPI.mediaType(contentType) == "application/cloudevents+json" {
            let value: JSONValue? =
                switch event {
                case .body(let bytes): try? JSONValue.parse(bytes, lenient: true)
                case .parsed(let parsed): parsed
                }
            guard case .object(var envelope)? = value else { return nil }
            CloudEventEnvelope.complete(&envelope, pubsub: pubsub, topic: topic, trace: trace)
            if let ttl { CloudEventEnvelope.applyTTL(&envelope, seconds: ttl) }
            return JSONValue.object(envelope).bytes(escaping: .go)
        }
        let payload: CloudEventEnvelope.Payload =
            switch event {
            case .body(let bytes): .bytes(bytes)
            case .parsed(let value): .json(value)
            }
        // A wrapped event's members are known in advance: written in key order, with no dictionary to sort.
        let members = CloudEventEnvelope.wrap(
            payload: payload, contentType: contentType, pubsub: pubsub, topic: topic, source: source,
            metadata: metadata, trace: trace, ttl: ttl)
        return JSONValue.objectBytes(sortedMembers: members, escaping: .go)
    }
}
