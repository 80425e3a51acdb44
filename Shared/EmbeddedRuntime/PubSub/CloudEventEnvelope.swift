package import FoundationEssentials
package import JSON

/// Builds the broker bytes of a publish exactly as daprd's `NewCloudEvent` / `FromCloudEvent` do (§1.3, §1.4 of
/// the reference), and the synthetic CloudEvent of a `rawPayload` subscription (`FromRawPayload`).
package enum CloudEventEnvelope {
    /// The trace context of a publish: the caller's `traceparent`/`tracestate` (daprd with no exporter passes the
    /// incoming context through; `""` without one).
    package struct Trace: Sendable {
        /// W3C traceparent or "".
        package var traceparent: String
        /// W3C tracestate or "".
        package var tracestate: String

        /// Creates a trace context.
        package init(traceparent: String = "", tracestate: String = "") {
            self.traceparent = traceparent
            self.tracestate = tracestate
        }
    }

    /// What a wrapped event carries: the body as it came, or (a bulk entry's `application/json` event) the value
    /// already parsed with its request, which becomes `data` as it is.
    package enum Payload {
        /// The body bytes as sent.
        case bytes([UInt8])
        /// A JSON value parsed before (not parsed again).
        case json(JSONValue)
    }

    /// Wraps a non-CloudEvent body; `metadata` are the `metadata.*` query parameters (`cloudevent.*` overrides).
    /// An `application/json` body is parsed (once) into `data`; one that does not parse becomes a string.
    package static func wrap(
        payload: Payload, contentType: String?, pubsub: String, topic: String, source: String,
        metadata: [String: String], trace: Trace, now: Date = Date()
    ) -> [String: JSONValue] {
        func override(_ name: String) -> String? {
            metadata.first { $0.key.lowercased() == "cloudevent." + name }?.value
        }
        let dataContentType = (contentType?.isEmpty ?? true) ? "text/plain" : contentType!
        let traceparent = override("traceparent") ?? override("traceid") ?? trace.traceparent
        var event: [String: JSONValue] = [
            "id": .string(override("id") ?? RandomUUID.text()),
            "source": .string(override("source") ?? (source.isEmpty ? "Dapr" : source)),
            "type": .string(override("type") ?? "com.dapr.event.sent"),
            "specversion": .string("1.0"),
            "datacontenttype": .string(dataContentType),
            "topic": .string(topic), "pubsubname": .string(pubsub),
            "traceid": .string(traceparent), "traceparent": .string(traceparent),
            "tracestate": .string(override("tracestate") ?? trace.tracestate),
            "time": .string(RFC3339.format(now, milliseconds: false)),
        ]
        if let subject = override("subject") { event["subject"] = .string(subject) }
        let mediaType =
            dataContentType.split(separator: ";").first.map {
                $0.trimmingSpaces.lowercased()
            } ?? ""
        let body: [UInt8]
        switch payload {
        case .json(let value) where mediaType == "application/json":
            event["data"] = value
            return event
        case .json(let value): body = value.bytes(escaping: .go)
        case .bytes(let bytes): body = bytes
        }
        if mediaType == "application/json" {
            event["data"] = body.isEmpty ? .string("") : ((try? JSONValue.parse(body, lenient: true)) ?? .string(text(body)))
        } else if mediaType == "application/octet-stream" {
            event["data_base64"] = .string(Data(body).base64EncodedString())
        } else {
            event["data"] = .string(text(body))
        }
        return event
    }

    /// Completes the members of a CloudEvent the app sent (`application/cloudevents+json`), parsed by the caller.
    package static func complete(
        _ event: inout [String: JSONValue], pubsub: String, topic: String, trace: Trace, now: Date = Date()
    ) {
        event["topic"] = .string(topic)
        event["pubsubname"] = .string(pubsub)
        if event["time"] == nil { event["time"] = .string(RFC3339.format(now, milliseconds: false)) }
        if event["traceid"] == nil {
            event["traceid"] = .string(trace.traceparent)
            event["traceparent"] = .string(trace.traceparent)
        }
        if event["tracestate"] == nil { event["tracestate"] = .string(trace.tracestate) }
        if event["source"] == nil { event["source"] = .string("Dapr") }
        if event["type"] == nil { event["type"] = .string("com.dapr.event.sent") }
        if event["specversion"] == nil { event["specversion"] = .string("1.0") }
    }

    /// Adds `expiration` (now + TTL, RFC 3339 UTC) as daprd does for brokers without native TTL.
    package static func applyTTL(_ event: inout [String: JSONValue], seconds: Int, now: Date = Date()) {
        event["expiration"] = .string(RFC3339.format(now.addingTimeInterval(Double(seconds)), milliseconds: false))
    }

    /// The synthetic CloudEvent a `rawPayload` subscription receives for a message.
    static func wrapRaw(_ message: LogMessage) -> [UInt8] {
        var event: [String: JSONValue] = [
            "id": .string(RandomUUID.text()), "specversion": .string("1.0"),
            "datacontenttype": .string("application/octet-stream"), "source": .string("Dapr"),
            "type": .string("com.dapr.event.sent"), "topic": .string(message.topic),
            "pubsubname": .string(message.pubsub), "data_base64": .string(Data(message.body).base64EncodedString()),
        ]
        if let traceparent = message.traceparent {
            event["traceid"] = .string(traceparent)
            event["traceparent"] = .string(traceparent)
        }
        if let tracestate = message.tracestate { event["tracestate"] = .string(tracestate) }
        return JSONValue.object(event).bytes(escaping: .go)
    }

    private static func text(_ body: [UInt8]) -> String { String(decoding: body, as: UTF8.self) }
}
