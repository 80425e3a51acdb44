/// One message of the pub/sub log: what a publish appended, as delivered to every subscription of its topic.
package struct LogMessage: Sendable, Hashable {
    /// The log sequence number (global, increasing).
    package var seq: Int64
    /// The pub/sub component name.
    package var pubsub: String
    /// The topic.
    package var topic: String
    /// `metadata.partitionKey` of the publish: messages of one key are delivered in order, one at a time.
    package var partitionKey: String?
    /// The broker bytes: the CloudEvent JSON, or the raw payload (`rawPayload`).
    package var body: [UInt8]
    /// The W3C traceparent of the publish, when there was one.
    package var traceparent: String?
    /// The W3C tracestate of the publish, when there was one.
    package var tracestate: String?
    /// Seconds since 1970 after which the message is expired (`ttlInSeconds`), if any.
    package var expiresAt: Double?
    /// Whether the body is a raw payload, not a CloudEvent.
    package var raw: Bool

    /// Creates a message (`seq` 0 until appended).
    package init(
        seq: Int64 = 0, pubsub: String, topic: String, partitionKey: String? = nil, body: [UInt8],
        traceparent: String? = nil, tracestate: String? = nil, expiresAt: Double? = nil, raw: Bool = false
    ) {
        self.seq = seq
        self.pubsub = pubsub
        self.topic = topic
        self.partitionKey = partitionKey
        self.body = body
        self.traceparent = traceparent
        self.tracestate = tracestate
        self.expiresAt = expiresAt
        self.raw = raw
    }
}
