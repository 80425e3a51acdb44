package import Authentication
import Crypto
package import Dapr
package import EventRelay
package import FunctionRuntime
import Glibc
import HTTPClient
package import Storage

/// A started function: what ``FunctionBootstrap/start()`` read and opened, the services built on it, and
/// ``serve(_:services:)`` to run the server with them.
package struct FunctionApp: Sendable {
    /// The configuration read from the environment.
    package let configuration: Configuration
    /// The function's base logger (JSON lines on stderr).
    package let logger: Logger
    /// The Dapr sidecar's HTTP API.
    package let dapr: any DaprClient
    /// The stores over the function's database (opened and migrated).
    package let stores: Stores
    /// The HS256 key that signs user tokens; nil when ``FunctionBootstrap/start(outboxTopics:signingKey:auditChainKey:)``
    /// was told the function has no user-facing routes.
    package let signingKey: [UInt8]?
    /// The audit chain's HMAC key, when ``FunctionBootstrap/start(outboxTopics:signingKey:auditChainKey:)`` was asked for it.
    package let auditChainKey: [UInt8]?

    /// Checks bearer tokens against ``signingKey``.
    /// A function started without its signing key has no user-facing routes: asking for one is a programming error.
    package var authenticator: BearerAuthenticator {
        guard let signingKey else { preconditionFailure("started without the signing key (signingKey: false)") }
        return BearerAuthenticator(signer: JWTSigner(secret: signingKey))
    }

    /// The outbox relay over ``stores``, publishing through Dapr in the mode `OUTBOX_PUBLISH_MODE` names; pass it
    /// to ``serve(_:services:)`` so it starts and drains with the server, and call `notify()` after each commit.
    /// Exits (status 1, one critical line) when the publish mode is invalid.
    /// - Parameter lease: how long a claim lasts: a relay killed mid-batch holds its events that long before
    ///   another instance publishes them again.
    /// - Returns: the worker.
    package func outboxRelay(lease: Duration = .seconds(10)) -> OutboxRelayWorker {
        do {
            let publisher = try DaprEventPublisher(dapr: dapr, configuration: configuration)
            return OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: publisher, lease: lease))
        } catch {
            logger.critical(
                "Start-up failed", metadata: ["startup.step": "choose the outbox publish mode", "error": "\(error)"])
            exit(1)
        }
    }

    /// Serves `function` over HTTP with `services` beside it until SIGTERM/SIGINT, then drains the services, closes
    /// the database and returns. A server that cannot start or a service that fails is logged and exits the process
    /// with status 1. Closing SQLite checkpoints the WAL into the file and removes it (when no other process has the
    /// file open), so the next start from zero opens the file without replaying a WAL.
    /// - Parameters:
    ///   - function: the function's handler.
    ///   - services: background workers that live as long as the server (e.g. ``outboxRelay(lease:)``).
    ///   - callsOutFirst: whether the function's first request calls Dapr at once (reminder-fire's job pushes through
    ///     ws-fanout): libcurl then loads on a thread of its own as soon as the first request (the readiness probe
    ///     that ends a start from zero) is answered (`HTTPClient.preload()`), overlapping the wait for the next.
    ///     Loading it from the moment the server listened cost reminder-fire and recurrence-generate about 0.6 ms of
    ///     cold start (4 rounds interleaved). Others load it on their first call.
    package func serve(
        _ function: some HTTPFunction, services: [any FunctionService] = [], callsOutFirst: Bool = false
    ) async {
        do {
            let preload: (@Sendable () -> Void)? = callsOutFirst ? { @Sendable in HTTPClient.preload() } : nil
            let transport = HTTPServerTransport(onFirstResponse: preload)
            try await FunctionServer.run(function, configuration: configuration, transport: transport, services: services)
            await stores.database.close()
        } catch {
            logger.critical("Function stopped with a failure", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
