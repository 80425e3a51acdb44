import FoundationEssentials
package import HTTPTypes

/// Shorter calls with the usual defaults, and typed values.
extension DaprClient {
    /// Publishes raw bytes with default options.
    package func publish(pubsub: String, topic: String, data: [UInt8], contentType: String) async throws {
        try await publish(pubsub: pubsub, topic: topic, data: data, contentType: contentType, options: .init())
    }

    /// Publishes an encoded CloudEvent with `metadata.partitionKey` (the outbox relay's call).
    package func publish(pubsub: String, topic: String, cloudEventJSON: [UInt8], partitionKey: String?) async throws {
        try await publish(
            pubsub: pubsub, topic: topic, cloudEventJSON: cloudEventJSON, options: .init(partitionKey: partitionKey))
    }

    /// Publishes many messages without request-level metadata.
    package func bulkPublish(
        pubsub: String, topic: String, entries: [DaprBulkPublishEntry]
    ) async throws -> DaprBulkPublishResult {
        try await bulkPublish(pubsub: pubsub, topic: topic, entries: entries, metadata: [:])
    }

    /// Reads a key.
    package func getState(store: String, key: String) async throws -> DaprStateEntry? {
        try await getState(store: store, key: key, consistency: nil, metadata: [:])
    }

    /// Reads a key and decodes its value; nil when the key does not exist.
    package func getState<T: Decodable>(_ type: T.Type, store: String, key: String) async throws -> T? {
        try await getState(store: store, key: key)?.decode(as: T.self)
    }

    /// Saves keys.
    package func saveState(store: String, items: [DaprStateItem]) async throws {
        try await saveState(store: store, items: items, metadata: [:])
    }

    /// Saves one key whose value is `value` encoded as JSON, last write wins.
    package func saveState(store: String, key: String, value: some Encodable, ttlInSeconds: Int? = nil) async throws {
        try await saveState(store: store, items: [DaprStateItem(key: key, encoding: value, ttlInSeconds: ttlInSeconds)])
    }

    /// Deletes a key, if its ETag matches when one is given.
    package func deleteState(store: String, key: String, etag: String? = nil) async throws {
        try await deleteState(store: store, key: key, etag: etag, concurrency: nil, metadata: [:])
    }

    /// Reads many keys.
    package func getBulkState(store: String, keys: [String]) async throws -> [DaprBulkStateItem] {
        try await getBulkState(store: store, keys: keys, parallelism: nil, metadata: [:])
    }

    /// Applies operations atomically.
    package func executeStateTransaction(store: String, operations: [DaprStateOperation]) async throws {
        try await executeStateTransaction(store: store, operations: operations, metadata: [:])
    }

    /// Reads one secret.
    package func getSecret(store: String, key: String) async throws -> [String: String] {
        try await getSecret(store: store, key: key, metadata: [:])
    }

    /// Reads every secret.
    package func getBulkSecrets(store: String) async throws -> [String: [String: String]] {
        try await getBulkSecrets(store: store, metadata: [:])
    }

    /// Calls a method of another app with a body.
    package func invoke(
        appID: String, method: String, httpMethod: HTTPMethod = .post, headers: HTTPHeaders = [:], body: [UInt8] = []
    ) async throws -> HTTPResponse {
        try await invoke(appID: appID, method: method, httpMethod: httpMethod, query: nil, headers: headers, body: body)
    }

    /// Invokes an output binding without metadata.
    package func invokeBinding(name: String, operation: String, data: [UInt8]?) async throws -> DaprBindingResponse {
        try await invokeBinding(name: name, operation: operation, data: data, metadata: [:])
    }
}
