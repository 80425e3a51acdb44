import FoundationEssentials
import HTTPTypes

extension HTTPDaprClient {
    /// `POST /v1.0/publish/{pubsub}/{topic}` with the body and its content type; daprd answers 204.
    /// - Throws: `DaprError`: `.pubsubNotFound` (404), `.forbidden` (403), `.badRequest` (bad `rawPayload`),
    ///   `.operationFailed` (500 broker error).
    package func publish(
        pubsub: String, topic: String, data: [UInt8], contentType: String, options: DaprPublishOptions
    ) async throws {
        // Only a fixed envelope id makes a repeated publish harmless (consumers dedupe by id).
        let safety: RequestSafety = options.cloudEventID != nil && !options.rawPayload ? .fixedIDPublish : .unsafe
        try await publish(pubsub: pubsub, topic: topic, body: data, contentType: contentType, options, safety)
    }

    /// `POST /v1.0/publish/{pubsub}/{topic}` with `Content-Type: application/cloudevents+json`; the event keeps its
    /// id, so this call is retried on connect failures, timeouts, 502-504 and broker errors.
    /// - Throws: `DaprError`, as the other `publish`; `.operationFailed` (500 `ERR_PUBSUB_CLOUD_EVENTS_SER`) when the
    ///   bytes are not a JSON object.
    package func publish(
        pubsub: String, topic: String, cloudEventJSON: [UInt8], options: DaprPublishOptions
    ) async throws {
        var options = options
        options.rawPayload = false
        try await publish(
            pubsub: pubsub, topic: topic, body: cloudEventJSON, contentType: "application/cloudevents+json", options,
            .fixedIDPublish)
    }

    /// `POST /v1.0-alpha1/publish/bulk/{pubsub}/{topic}`: 204 when all were published, 500 with `failedEntries`
    /// when some were not (returned, not thrown). Never retried beyond a connect failure: the entries get fresh ids.
    /// - Throws: `DaprError` for a whole-request failure (404 pubsub, 400 `ERR_PUBSUB_EVENTS_SER`, …).
    package func bulkPublish(
        pubsub: String, topic: String, entries: [DaprBulkPublishEntry], metadata: [String: String]
    ) async throws -> DaprBulkPublishResult {
        try Self.require(pubsub, "pubsub name")
        try Self.require(topic, "topic")
        var writer = JSONBodyWriter()
        writer.beginArray()
        for entry in entries { entry.write(to: &writer) }
        writer.endArray()
        let path =
            "/v1.0-alpha1/publish/bulk/\(Self.segment(pubsub))/\(Self.topicPath(topic))" + Self.metadataQuery(metadata)
        let response = try await send(.post, path, body: writer.bytes, safety: .unsafe)
        if response.status.isSuccess { return DaprBulkPublishResult() }
        if let result = try? JSONDecoder().decode(DaprBulkPublishResult.self, from: Data(response.body)),
            !result.failedEntries.isEmpty
        {
            return result
        }
        throw DaprError.response(response)
    }

    private func publish(
        pubsub: String, topic: String, body: [UInt8], contentType: String, _ options: DaprPublishOptions,
        _ safety: RequestSafety
    ) async throws {
        try Self.require(pubsub, "pubsub name")
        try Self.require(topic, "topic")
        let path =
            "/v1.0/publish/\(Self.segment(pubsub))/\(Self.topicPath(topic))" + Self.metadataQuery(options.metadata)
        _ = try await call(.post, path, headers: ["Content-Type": contentType], body: body, safety: safety)
    }

    /// The topic is a wildcard route in daprd, so `/` may stay; every other reserved byte is encoded.
    private static func topicPath(_ topic: String) -> String {
        PercentEncoding.encode(topic, keeping: [UInt8(ascii: "/")])
    }
}
