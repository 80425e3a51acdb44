import FoundationEssentials
import HTTPServer
import HTTPTypes
import SQLiteClient
import Synchronization

/// The embedded Dapr-compatible runtime: one Dapr HTTP API server per app (the port tells which app calls, as a
/// sidecar would), the durable pub/sub log with its delivery engine, the state store, secrets, service
/// invocation, cron bindings, healthz and metadata, from the components in the `dapr/` folder.
///
/// ```swift
/// let runtime = EmbeddedDaprRuntime(configuration: .init(
///     dataDirectory: ".todofn", resourcesDirectory: "dapr",
///     apps: [.init(appID: "task-crud"), .init(appID: "todofn", apiPort: 3500)], appChannel: supervisor.channel()))
/// try await runtime.start()
/// let port = runtime.apiPort(for: "task-crud")   // DAPR_HTTP_PORT of task-crud
/// await runtime.stop()
/// ```
package final class EmbeddedDaprRuntime: Sendable {
    private struct Running {
        var database: SQLiteDatabase
        var core: RuntimeCore
        var servers: [String: HTTPServer]
        var ports: [String: Int]
        var consumers: [SubscriptionConsumer]
        var crons: [Task<Void, Never>]
    }

    /// The configuration it was created with.
    package let configuration: EmbeddedRuntimeConfiguration
    private let logger: RuntimeLogger
    private let running = Mutex<Running?>(nil)

    /// Creates a runtime; nothing happens until `start()`.
    package init(configuration: EmbeddedRuntimeConfiguration, logger: RuntimeLogger = RuntimeLogger()) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The database file under the data directory.
    package var databasePath: String { configuration.dataDirectory + "/dapr.sqlite" }

    /// Loads resources, opens the database, resolves subscriptions, starts delivery, binds every API port.
    /// - Throws: `ResourceError` (naming the file and line), `ScheduleError` for a bad cron binding,
    ///   `SQLiteError`, `HTTPServerError` when a port cannot be bound.
    package func start() async throws {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let components = try RuntimeComponents(
            resourcesDirectory: configuration.resourcesDirectory, dataDirectory: configuration.dataDirectory)
        let appIDs = configuration.apps.map(\.appID)
        let crons = try components.cronBindings.map {
            try CronTrigger(component: $0, apps: appIDs, channel: configuration.appChannel, logger: logger)
        }
        let database = try await RuntimeDatabase.open(path: databasePath)
        let hub = DeliveryHub(log: MessageLog(database: database))
        let core = RuntimeCore(
            configuration: configuration, components: components, hub: hub, state: StateStore(database: database),
            logger: logger)
        var servers: [String: HTTPServer] = [:]
        var ports: [String: Int] = [:]
        do {
            for app in configuration.apps {
                var serverConfiguration = HTTPServerConfiguration()
                serverConfiguration.host = configuration.host
                serverConfiguration.port = app.apiPort
                serverConfiguration.workerCount = configuration.serverWorkers
                serverConfiguration.handlesSignals = false
                serverConfiguration.shutdownGracePeriod = .seconds(10)
                let server = HTTPServer(
                    configuration: serverConfiguration, responder: DaprAPIResponder(core: core, appID: app.appID))
                servers[app.appID] = server
                ports[app.appID] = try server.start()
            }
        } catch {
            for server in servers.values {
                server.shutdown()
                try? await server.run()
            }
            await database.close()
            throw error
        }
        let subscriptions = await SubscriptionLoader(core: core, database: database).load()
        core.subscriptions.withLock { $0 = subscriptions }
        var consumers: [SubscriptionConsumer] = []
        for subscription in subscriptions {
            let consumer = SubscriptionConsumer(
                subscription: subscription, log: hub.log, channel: configuration.appChannel,
                policy: configuration.delivery, logger: logger
            ) { [hub] message, topic in
                var copy = message
                copy.topic = topic
                try await hub.publish([copy])
            }
            hub.register(consumer)
            try await consumer.start()
            consumers.append(consumer)
        }
        var cronTasks = crons.map { cron in Task { await cron.run() } }
        cronTasks.append(Task { [logger] in await Self.housekeeping(hub.log, core.state, logger: logger) })
        running.withLock {
            $0 = Running(
                database: database, core: core, servers: servers, ports: ports, consumers: consumers, crons: cronTasks)
        }
    }

    /// Every 30 s: drop consumed log messages and expired state rows.
    private static func housekeeping(_ log: MessageLog, _ state: StateStore, logger: RuntimeLogger) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(30)) } catch { return }
            do {
                try await log.purgeConsumed()
                try await state.purgeExpired()
            } catch {
                logger.warning("housekeeping failed: \(error)")
            }
        }
    }

    /// Serves one Dapr API request of `appID` in the calling task, as its port would; nil before `start()`. Tests
    /// use it to count the work a route does (``JSON/JSONWorkCounter`` follows the task).
    func respond(to request: HTTPRequest, appID: String) async -> HTTPResponse? {
        guard let core = running.withLock({ $0?.core }) else { return nil }
        return await DaprAPIResponder(core: core, appID: appID).respond(to: request)
    }

    /// The Dapr API port of `appID` (its `DAPR_HTTP_PORT`), or 0 when unknown or not started.
    package func apiPort(for appID: String) -> Int { running.withLock { $0?.ports[appID] ?? 0 } }

    /// The subscriptions in effect (declarative and programmatic), after `start()`.
    package var subscriptions: [ResolvedSubscription] { running.withLock { $0?.core.subscriptions.withLock { $0 } ?? [] } }

    /// The pub/sub log (tests, diagnostics), after `start()`.
    package var messageLog: MessageLog? { running.withLock { $0.map { MessageLog(database: $0.database) } } }

    /// Stops the API servers, the cron triggers and delivery (in-flight deliveries stay unacknowledged and are
    /// redelivered after the next start), persists consumer positions and closes the database.
    package func stop() async {
        guard
            let state = running.withLock({ value -> Running? in
                defer { value = nil }; return value
            })
        else { return }
        state.core.invocations.stop()
        for server in state.servers.values { server.shutdown() }
        for server in state.servers.values { try? await server.run() }
        for task in state.crons { task.cancel() }
        for consumer in state.consumers { await consumer.stop() }
        state.core.hub.removeAll()
        await state.database.close()
    }
}
