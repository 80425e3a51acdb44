import Authentication
import Dapr
import DaprSubscriber
import FunctionRuntime
import FunctionStorage

/// The one start-up of every function: configuration, logger, Dapr client, database and signing key, so a
/// function's `main.swift` is a short declarative list.
///
/// ```swift
/// // Functions/task-crud/main.swift
/// import FunctionBootstrap
/// let app = await FunctionBootstrap.start()
/// let relay = app.outboxRelay()
/// await app.serve(TaskCrudHandler(tasks: app.stores.tasks, authenticator: app.authenticator, relay: relay), services: [relay])
/// ```
///
/// Every step that must succeed logs one critical line naming the step and exits with status 1 when it fails
/// (78 for bad configuration), so the supervisor or Kubernetes restarts the function. The database and the
/// signing key are read at the same time: under `todofn up` and in a cluster the key is a Dapr secret, one round
/// trip that overlaps opening the database.
package enum FunctionBootstrap {
    /// Reads the configuration, opens the database and reads the signing key.
    /// - Parameters:
    ///   - outboxTopics: the topics the function's outbox relay publishes (its own events; functions share the
    ///     outbox table of a database); nil for every topic.
    ///   - signingKey: read the JWT signing key (functions with user-facing routes); a consumer without one has no
    ///     access to the secret.
    ///   - auditChainKey: also read the audit chain's HMAC key (audit-log) before opening the database, whose audit
    ///     store links entries with it.
    /// - Returns: what the function's handler and services are built from.
    package static func start(
        outboxTopics: [String]? = nil, signingKey: Bool = true, auditChainKey: Bool = false
    ) async -> FunctionApp {
        let configuration = Configuration.fromEnvironmentOrExit()
        let logger = FunctionServer.makeLogger(configuration, handler: JSONLogHandler())
        let dapr = HTTPDaprClient(configuration: configuration)
        async let key: [UInt8]? =
            signingKey
            ? Startup.required("read the JWT signing key", logger: logger) {
                try await SigningKey.load(configuration: configuration, dapr: dapr)
            } : nil
        let chainKey: [UInt8]? =
            auditChainKey
            ? await Startup.required("read the audit chain key", logger: logger) {
                try await SigningKey.load(
                    SigningKey.auditChainSecretName, variable: "AUDIT_CHAIN_KEY", configuration: configuration, dapr: dapr)
            } : nil
        async let stores = Startup.required("open the database", logger: logger) {
            try await FunctionDatabase.open(
                configuration, outboxTopics: outboxTopics, logger: logger, auditChainKey: chainKey)
        }
        return FunctionApp(
            configuration: configuration, logger: logger, dapr: dapr, stores: await stores, signingKey: await key,
            auditChainKey: chainKey)
    }
}
