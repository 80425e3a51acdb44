import FoundationEssentials
import JSON

/// The body of a bulk delivery, as daprd's `NewBulkSubscribeEnvelope` + `DeliverBulk` write it (§2.6 of the
/// reference): `{"id","type":"com.dapr.event.sent.bulk","topic","pubsubname","metadata":{"pubsubName"},
/// "entries":[{"entryId","event","metadata","contentType"}]}`.
///
/// A CloudEvent entry embeds the broker bytes as they are (they are the JSON object the publish stored, so nothing
/// is parsed or re-serialised); a raw-payload entry carries them base64-encoded with `application/octet-stream`.
/// The entry id is the message's log sequence number, unique within a subscription.
enum BulkEnvelope {
    /// The request body for `messages` of `subscription`.
    static func body(_ messages: [LogMessage], subscription: ResolvedSubscription) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + messages.reduce(0) { $0 + $1.body.count + 128 })
        out.append(contentsOf: #"{"id":""#.utf8)
        out.append(contentsOf: RandomUUID.text().utf8)
        out.append(contentsOf: #"","type":"com.dapr.event.sent.bulk","topic":"#.utf8)
        JSONEscaping.go.append(subscription.topic, to: &out)
        out.append(contentsOf: #","pubsubname":"#.utf8)
        JSONEscaping.go.append(subscription.pubsub, to: &out)
        out.append(contentsOf: #","metadata":{"pubsubName":"#.utf8)
        JSONEscaping.go.append(subscription.pubsub, to: &out)
        out.append(contentsOf: #"},"entries":["#.utf8)
        for (index, message) in messages.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"entryId":""#.utf8)
            out.append(contentsOf: String(message.seq).utf8)
            out.append(contentsOf: #"","event":"#.utf8)
            if subscription.rawPayload {
                JSONEscaping.go.append(Data(message.body).base64EncodedString(), to: &out)
            } else {
                out.append(contentsOf: message.body)
            }
            out.append(contentsOf: #","metadata":{"#.utf8)
            if let key = message.partitionKey {
                out.append(contentsOf: #""partitionKey":"#.utf8)
                JSONEscaping.go.append(key, to: &out)
            }
            out.append(contentsOf: #"},"contentType":""#.utf8)
            out.append(
                contentsOf: (subscription.rawPayload ? "application/octet-stream" : "application/cloudevents+json").utf8)
            out.append(contentsOf: #""}"#.utf8)
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// Whether the broker bytes can be embedded as a CloudEvent object: they start with `{` and end with `}`
    /// (publishes store compact JSON objects; this rules out anything else without parsing it).
    static func isObject(_ body: [UInt8]) -> Bool {
        let trimmed = body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard trimmed.first == UInt8(ascii: "{") else { return false }
        return trimmed.reversed().first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) } == UInt8(ascii: "}")
    }
}
