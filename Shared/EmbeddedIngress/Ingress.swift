import HTTPServer
import FunctionRuntime
import HTTPClient
import HTTPTypes

/// The stack's front door (port 8080): routes each request by `RouteTable` to a function through the `Supervisor`
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
        server = HTTPServer(
            configuration: serverConfiguration,
            responder: IngressResponder(
                supervisor: supervisor, routes: configuration.routes,
                staticFiles: configuration.staticRoot.map(StaticFiles.init(root:)),
                forwardedFor: configuration.host == "127.0.0.1" ? "127.0.0.1" : nil))
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

/// Answers one request for the `Ingress`.
struct IngressResponder: HTTPResponder {
    let supervisor: Supervisor
    let routes: RouteTable
    let staticFiles: StaticFiles?
    /// The client address to add as `X-Forwarded-For`, when known (loopback binding).
    let forwardedFor: String?

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch routes.destination(for: request.path, fallback: staticFiles == nil ? .notFound : .staticFiles) {
        case .function(let name):
            return await forward(request, to: name)
        case .webSocket(let name):
            return .error(.notImplemented, message: "WebSocket passthrough to \(name) is not implemented yet")
        case .staticFiles:
            return staticFiles?.respond(to: request) ?? .error(.notFound, message: "not found")
        case .notFound:
            return .error(.notFound, message: "no route for \(request.path)")
        }
    }

    private func forward(_ request: HTTPRequest, to name: String) async -> HTTPResponse {
        guard let definition = supervisor.definition(name) else {
            return .error(.serviceUnavailable, message: "function \(name) is not built (it is not in this stack's table of built functions)")
        }
        guard definition.isBuilt else {
            return .error(.serviceUnavailable, message: "function \(name) is not built (no executable at \(definition.executablePath))")
        }
        var forwarded = request
        if let forwardedFor {
            let previous = request.headers["X-Forwarded-For"]
            forwarded.headers["X-Forwarded-For"] = previous.map { "\($0), \(forwardedFor)" } ?? forwardedFor
        }
        if let host = request.headers["Host"] { forwarded.headers["X-Forwarded-Host"] = host }
        forwarded.headers["X-Forwarded-Proto"] = "http"
        do {
            return try await supervisor.forward(name, forwarded)
        } catch let error as SupervisorError {
            return .error(.serviceUnavailable, message: "function \(name) is unavailable: \(error.message)")
        } catch let error as HTTPClientError {
            return .error(.badGateway, message: "function \(name) failed mid-request: \(error.message)")
        } catch {
            return .error(.badGateway, message: "function \(name) failed: \(error)")
        }
    }
}
