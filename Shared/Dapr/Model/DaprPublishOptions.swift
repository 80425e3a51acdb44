/// The `metadata.*` query parameters of a publish.
package struct DaprPublishOptions: Sendable, Hashable {
    /// `metadata.partitionKey`: the broker's ordering key (Kafka record key). The system uses the user id.
    package var partitionKey: String?
    /// `metadata.ttlInSeconds`: the message expires after this many seconds (integer form, understood by every daprd).
    package var ttlInSeconds: Int?
    /// `metadata.rawPayload=true`: the body goes to the broker as is, without a CloudEvent envelope.
    package var rawPayload: Bool
    /// `metadata.cloudevent.id`: fixes the id daprd gives the envelope it builds, which makes retries safe.
    /// Ignored by daprd for a CloudEvent pass-through (the event keeps its own id).
    package var cloudEventID: String?
    /// `metadata.cloudevent.type` for the envelope daprd builds.
    package var cloudEventType: String?
    /// Other `metadata.<key>` entries (e.g. `cloudevent.source`, component-specific keys).
    package var extra: [String: String]

    /// Creates options; all empty by default.
    package init(
        partitionKey: String? = nil, ttlInSeconds: Int? = nil, rawPayload: Bool = false, cloudEventID: String? = nil,
        cloudEventType: String? = nil, extra: [String: String] = [:]
    ) {
        self.partitionKey = partitionKey
        self.ttlInSeconds = ttlInSeconds
        self.rawPayload = rawPayload
        self.cloudEventID = cloudEventID
        self.cloudEventType = cloudEventType
        self.extra = extra
    }

    /// The metadata map, without the `metadata.` prefix.
    package var metadata: [String: String] {
        var map = extra
        if let partitionKey { map["partitionKey"] = partitionKey }
        if let ttlInSeconds { map["ttlInSeconds"] = String(ttlInSeconds) }
        if rawPayload { map["rawPayload"] = "true" }
        if let cloudEventID { map["cloudevent.id"] = cloudEventID }
        if let cloudEventType { map["cloudevent.type"] = cloudEventType }
        return map
    }
}
