package import EmbeddedSupervisor
import HTTPServer

/// The stack's front door (port 8080): routes each request by `IngressRoutes` to a function through the `Supervisor`
/// (which starts it on demand), to the web client's static files, or to a JSON error.
///
/// ```swift
/// let ingress = Ingress(supervisor: supervisor, configuration: IngressConfiguration())
/// let port = try ingress.start()
/// ...
/// ingress.shutdown()
/// ```
package final class Ingress: Sendable {
    /// The configuration in force.
    package let configuration: IngressConfiguration
    private let server: HTTPServer

    /// Creates the ingress; nothing is bound until `start()`.
    package init(supervisor: Supervisor, configuration: IngressConfiguration) {
        self.configuration = configuration
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = configuration.host
        serverConfiguration.port = configuration.port
        serverConfiguration.workerCount = configuration.workerCount
        serverConfiguration.handlesSignals = false
        serverConfiguration.shutdownGracePeriod = .seconds(5)
        let forwardedFor = configuration.host == "127.0.0.1" ? "127.0.0.1" : nil
        server = HTTPServer(
            configuration: serverConfiguration,
            responder: IngressResponder(
                supervisor: supervisor, routes: configuration.routes,
                staticFiles: configuration.staticRoot.map(StaticFiles.init(root:)),
                developmentLogin: Self.isLoopback(configuration.host) ? configuration.developmentLogin : nil,
                forwardedFor: forwardedFor),
            upgrader: WebSocketProxy(supervisor: supervisor, routes: configuration.routes, forwardedFor: forwardedFor))
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "127.0.0.1" || host == "::1" || host == "localhost"
    }

    /// Binds and starts serving; returns the bound port.
    /// - Throws: `HTTPServerError` when the port cannot be bound.
    @discardableResult
    package func start() throws -> Int { try server.start() }

    /// The bound port, or nil before `start()`.
    package var port: Int? { server.port }

    /// Stops accepting and lets in-flight requests finish (bounded); `wait()` returns once done.
    package func shutdown() { server.shutdown() }

    /// Returns when the server has stopped.
    package func wait() async { try? await server.run() }
}
