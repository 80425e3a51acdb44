package import FoundationEssentials
package import JSON
import Synchronization

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
    /// An `application/json` body is parsed (once) into `data`; one that does not parse becomes a string. With
    /// `ttl`, `expiration` (now + TTL) is added as daprd does for brokers without native TTL.
    /// - Returns: the event's members in key order (by bytes), ready for `JSONValue.objectBytes(sortedMembers:)`.
    package static func wrap(
        payload: Payload, contentType: String?, pubsub: String, topic: String, source: String,
        metadata: [String: String], trace: Trace, ttl: Int? = nil, now: Date = Date()
    ) -> [(key: String, value: JSONValue)] {
        func override(_ name: String) -> String? {
            metadata.isEmpty ? nil : metadata.first { $0.key.lowercased() == "cloudevent." + name }?.value
        }
        let dataContentType = (contentType?.isEmpty ?? true) ? "text/plain" : contentType!
        let traceparent = override("traceparent") ?? override("traceid") ?? trace.traceparent
        let mediaType =
            dataContentType.split(separator: ";").first.map {
                $0.trimmingSpaces.lowercased()
            } ?? ""
        // Members in the order their keys sort: data | data_base64, datacontenttype, expiration, id, pubsubname,
        // source, specversion, subject, time, topic, traceid, traceparent, tracestate, type.
        var event: [(key: String, value: JSONValue)] = []
        event.reserveCapacity(14)
        switch payload {
        case .json(let value) where mediaType == "application/json":
            event.append(("data", value))
        case .json(let value):
            event.append(data(value.bytes(escaping: .go), mediaType: mediaType))
        case .bytes(let bytes):
            event.append(data(bytes, mediaType: mediaType))
        }
        event.append(("datacontenttype", .string(dataContentType)))
        if let ttl {
            event.append(
                ("expiration", .string(RFC3339.format(now.addingTimeInterval(Double(ttl)), milliseconds: false))))
        }
        event.append(("id", .string(override("id") ?? RandomUUID.text())))
        event.append(("pubsubname", .string(pubsub)))
        event.append(("source", .string(override("source") ?? (source.isEmpty ? "Dapr" : source))))
        event.append(("specversion", .string("1.0")))
        if let subject = override("subject") { event.append(("subject", .string(subject))) }
        event.append(("time", .string(timeText(now))))
        event.append(("topic", .string(topic)))
        event.append(("traceid", .string(traceparent)))
        event.append(("traceparent", .string(traceparent)))
        event.append(("tracestate", .string(override("tracestate") ?? trace.tracestate)))
        event.append(("type", .string(override("type") ?? "com.dapr.event.sent")))
        return event
    }

    /// The `data` (or `data_base64`) member of a wrapped body of `mediaType`.
    private static func data(_ body: [UInt8], mediaType: String) -> (key: String, value: JSONValue) {
        if mediaType == "application/json" {
            return ("data", body.isEmpty ? .string("") : ((try? JSONValue.parse(body, lenient: true)) ?? .string(text(body))))
        } else if mediaType == "application/octet-stream" {
            return ("data_base64", .string(Data(body).base64EncodedString()))
        }
        return ("data", .string(text(body)))
    }

    /// Completes the members of a CloudEvent the app sent (`application/cloudevents+json`), parsed by the caller.
    package static func complete(
        _ event: inout [String: JSONValue], pubsub: String, topic: String, trace: Trace, now: Date = Date()
    ) {
        event["topic"] = .string(topic)
        event["pubsubname"] = .string(pubsub)
        if event["time"] == nil { event["time"] = .string(timeText(now)) }
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

    /// The text of the second holding `now` (RFC 3339, UTC, no fraction), as `RFC3339.format(now, milliseconds:
    /// false)` writes it: formatted once per second, not once per event.
    static func timeText(_ now: Date) -> String {
        let millis = Int((now.timeIntervalSince1970 * 1000).rounded(.down))
        let second = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        if let cached = lastSecond.withLock({ $0.second == second ? $0.text : nil }) { return cached }
        let text = RFC3339.format(now, milliseconds: false)
        lastSecond.withLock { $0 = (second, text) }
        return text
    }

    private static let lastSecond = Mutex<(second: Int, text: String)>((Int.min, ""))

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
