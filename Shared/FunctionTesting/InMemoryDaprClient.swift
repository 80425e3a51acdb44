package import Dapr
import FoundationEssentials
package import HTTPTypes
import Synchronization

/// A `DaprClient` in memory for handler tests: records publishes, keeps state (ETags, `first-write`), jobs
/// (`overwrite`), secrets, and answers invocations with a closure. Errors match `HTTPDaprClient`'s codes.
///
/// ```swift
/// let dapr = InMemoryDaprClient()
/// let handler = ReminderFireHandler(dapr: dapr, …)
/// _ = try await handler.handle(trigger, context: .forTesting())
/// #expect(dapr.published.map(\.topic) == ["reminder-events"])
/// ```
package final class InMemoryDaprClient: DaprClient {
    /// One recorded publish.
    package struct Publication: Sendable, Hashable {
        package var pubsub: String
        package var topic: String
        package var body: [UInt8]
        package var contentType: String
        package var metadata: [String: String]
    }

    private struct Storage {
        var published: [Publication] = []
        var state: [String: [String: DaprStateEntry]] = [:]
        var jobs: [String: DaprJob] = [:]
        var bindings: [(name: String, operation: String, data: [UInt8]?)] = []
    }

    private let storage = Mutex(Storage())
    private let secrets: [String: [String: [String: String]]]
    private let invocation: @Sendable (String, String, HTTPMethod, [UInt8]) async throws -> HTTPResponse

    /// Creates a client.
    /// - Parameters:
    ///   - secrets: store → secret name → key/value map.
    ///   - invocation: answers `invoke(appID:method:…)` calls (app id, method path, verb, body); default 404.
    package init(
        secrets: [String: [String: [String: String]]] = [:],
        invocation: @escaping @Sendable (String, String, HTTPMethod, [UInt8]) async throws -> HTTPResponse = { _, _, _, _ in
            HTTPResponse(status: .notFound)
        }
    ) {
        self.secrets = secrets
        self.invocation = invocation
    }

    /// Every publish, in order.
    package var published: [Publication] { storage.withLock { $0.published } }
    /// The scheduled jobs by name.
    package var jobs: [String: DaprJob] { storage.withLock { $0.jobs } }

    package func publish(
        pubsub: String, topic: String, data: [UInt8], contentType: String, options: DaprPublishOptions
    ) async throws {
        let publication = Publication(
            pubsub: pubsub, topic: topic, body: data, contentType: contentType, metadata: options.metadata)
        storage.withLock { $0.published.append(publication) }
    }

    package func publish(pubsub: String, topic: String, cloudEventJSON: [UInt8], options: DaprPublishOptions) async throws {
        try await publish(
            pubsub: pubsub, topic: topic, data: cloudEventJSON, contentType: "application/cloudevents+json",
            options: options)
    }

    package func bulkPublish(
        pubsub: String, topic: String, entries: [DaprBulkPublishEntry], metadata: [String: String]
    ) async throws -> DaprBulkPublishResult {
        for entry in entries {
            try await publish(
                pubsub: pubsub, topic: topic, data: entry.event, contentType: entry.contentType,
                options: DaprPublishOptions(extra: metadata.merging(entry.metadata) { $1 }))
        }
        return DaprBulkPublishResult()
    }

    package func getState(
        store: String, key: String, consistency: DaprStateConsistency?, metadata: [String: String]
    ) async throws -> DaprStateEntry? {
        storage.withLock { $0.state[store]?[key] }
    }

    package func saveState(store: String, items: [DaprStateItem], metadata: [String: String]) async throws {
        try storage.withLock { storage in
            for item in items {
                let current = storage.state[store]?[item.key]
                if let etag = item.etag, current?.etag != etag { throw Self.conflict("ERR_STATE_SAVE") }
                if item.etag == nil, item.concurrency == .firstWrite, current != nil { throw Self.conflict("ERR_STATE_SAVE") }
                storage.state[store, default: [:]][item.key] = DaprStateEntry(
                    key: item.key, value: item.value, etag: UUID().uuidString)
            }
        }
    }

    package func deleteState(
        store: String, key: String, etag: String?, concurrency: DaprStateConcurrency?, metadata: [String: String]
    ) async throws {
        try storage.withLock { storage in
            if let etag, storage.state[store]?[key]?.etag != etag { throw Self.conflict("ERR_STATE_DELETE") }
            storage.state[store]?[key] = nil
        }
    }

    package func getBulkState(
        store: String, keys: [String], parallelism: Int?, metadata: [String: String]
    ) async throws -> [DaprBulkStateItem] {
        storage.withLock { storage in
            keys.map { key in
                let entry = storage.state[store]?[key]
                return DaprBulkStateItem(key: key, value: entry?.value, etag: entry?.etag)
            }
        }
    }

    package func executeStateTransaction(
        store: String, operations: [DaprStateOperation], metadata: [String: String]
    ) async throws {
        throw DaprError(code: .operationFailed, message: "transactions are not faked", errorCode: "ERR_STATE_STORE_NOT_SUPPORTED")
    }

    package func scheduleJob(_ job: DaprJob) async throws {
        try storage.withLock { storage in
            if storage.jobs[job.name] != nil, !job.overwrite {
                throw DaprError(code: .jobAlreadyExists, message: "job \(job.name) exists", httpStatus: 409)
            }
            storage.jobs[job.name] = job
        }
    }

    package func getJob(name: String) async throws -> DaprJob? { storage.withLock { $0.jobs[name] } }

    package func deleteJob(name: String) async throws { storage.withLock { $0.jobs[name] = nil } }

    package func getSecret(store: String, key: String, metadata: [String: String]) async throws -> [String: String] {
        guard let secretStore = secrets[store] else {
            throw DaprError(code: .secretStoreNotFound, message: "no secret store \(store)", httpStatus: 401)
        }
        guard let secret = secretStore[key] else {
            throw DaprError(code: .operationFailed, message: "no secret \(key)", httpStatus: 500, errorCode: "ERR_SECRET_GET")
        }
        return secret
    }

    package func getBulkSecrets(store: String, metadata: [String: String]) async throws -> [String: [String: String]] {
        guard let secretStore = secrets[store] else {
            throw DaprError(code: .secretStoreNotFound, message: "no secret store \(store)", httpStatus: 401)
        }
        return secretStore
    }

    package func invoke(
        appID: String, method: String, httpMethod: HTTPMethod, query: String?, headers: HTTPHeaders, body: [UInt8]
    ) async throws -> HTTPResponse {
        try await invocation(appID, method, httpMethod, body)
    }

    package func invokeBinding(
        name: String, operation: String, data: [UInt8]?, metadata: [String: String]
    ) async throws -> DaprBindingResponse {
        storage.withLock { $0.bindings.append((name, operation, data)) }
        return DaprBindingResponse()
    }

    package func waitForSidecar(timeout: Duration) async throws {}

    private static func conflict(_ tag: String) -> DaprError {
        DaprError(code: .etagMismatch, message: "possible etag mismatch", httpStatus: 409, errorCode: tag)
    }
}
