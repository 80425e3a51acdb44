package import HTTPTypes

/// The Dapr building blocks a function uses: pub/sub, state, jobs, secrets, invocation, bindings.
///
/// Handlers take `any DaprClient` in their `init`; production passes `HTTPDaprClient`, tests an in-memory fake.
///
/// ```swift
/// struct ReminderFireHandler: JobFunction {
///     let dapr: any DaprClient
///     func handle(_ job: DaprJobTrigger, context: FunctionContext) async throws {
///         try await dapr.publish(pubsub: "todo-pubsub", topic: "reminder-events",
///                                cloudEventJSON: eventBytes, partitionKey: userID)
///     }
/// }
/// ```
///
/// Every method throws `DaprError`.
package protocol DaprClient: Sendable {
    /// Publishes raw bytes; daprd wraps them in a CloudEvent unless `options.rawPayload` is set.
    func publish(
        pubsub: String, topic: String, data: [UInt8], contentType: String, options: DaprPublishOptions
    ) async throws

    /// Publishes a CloudEvent already encoded as JSON (`application/cloudevents+json`); daprd keeps its `id`,
    /// `data` and extensions and only overwrites `topic` and `pubsubname`.
    func publish(pubsub: String, topic: String, cloudEventJSON: [UInt8], options: DaprPublishOptions) async throws

    /// Publishes many messages in one call; a partial failure is a result, not an error.
    func bulkPublish(
        pubsub: String, topic: String, entries: [DaprBulkPublishEntry], metadata: [String: String]
    ) async throws -> DaprBulkPublishResult

    /// Reads a key; nil when it does not exist (daprd answers 204).
    func getState(
        store: String, key: String, consistency: DaprStateConsistency?, metadata: [String: String]
    ) async throws -> DaprStateEntry?

    /// Saves keys; a failed ETag or `first-write` check throws `.etagMismatch`.
    func saveState(store: String, items: [DaprStateItem], metadata: [String: String]) async throws

    /// Deletes a key (succeeds if it does not exist); with an ETag that does not match, throws `.etagMismatch`.
    func deleteState(
        store: String, key: String, etag: String?, concurrency: DaprStateConcurrency?, metadata: [String: String]
    ) async throws

    /// Reads many keys; the answer keeps the order of `keys`, with a value-less item for each missing key.
    func getBulkState(
        store: String, keys: [String], parallelism: Int?, metadata: [String: String]
    ) async throws -> [DaprBulkStateItem]

    /// Applies operations atomically (all or none).
    func executeStateTransaction(
        store: String, operations: [DaprStateOperation], metadata: [String: String]
    ) async throws

    /// Schedules a job; without `overwrite`, an existing job of that name throws `.jobAlreadyExists` (1.16+).
    func scheduleJob(_ job: DaprJob) async throws

    /// Reads a job; nil when it does not exist (daprd answers 500 `DAPR_SCHEDULER_GET_JOB` "NotFound" for that).
    func getJob(name: String) async throws -> DaprJob?

    /// Deletes a job; succeeds if it does not exist.
    func deleteJob(name: String) async throws

    /// Reads one secret: its key/value map.
    func getSecret(store: String, key: String, metadata: [String: String]) async throws -> [String: String]

    /// Reads every secret the app may see: secret name → key/value map.
    func getBulkSecrets(store: String, metadata: [String: String]) async throws -> [String: [String: String]]

    /// Calls a method of another app through Dapr; the app's answer comes back whatever its status.
    /// - Parameter method: the path on the target app, e.g. `internal/recurrences` (no query: pass `query`).
    func invoke(
        appID: String, method: String, httpMethod: HTTPMethod, query: String?, headers: HTTPHeaders, body: [UInt8]
    ) async throws -> HTTPResponse

    /// Invokes an output binding.
    func invokeBinding(
        name: String, operation: String, data: [UInt8]?, metadata: [String: String]
    ) async throws -> DaprBindingResponse

    /// Returns once the sidecar answers `GET /v1.0/healthz/outbound` with 204; throws `.sidecarUnavailable` after
    /// `timeout`.
    func waitForSidecar(timeout: Duration) async throws
}
