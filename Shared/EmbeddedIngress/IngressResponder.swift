import FunctionRuntime
import HTTPClient
import HTTPServer
import HTTPTypes

/// Answers one request for the `Ingress`.
struct IngressResponder: HTTPResponder {
    let supervisor: Supervisor
    let routes: RouteTable
    let staticFiles: StaticFiles?
    /// `POST /dev/token`, when `todofn up` enables it.
    let developmentLogin: DevelopmentLogin?
    /// The client address to add as `X-Forwarded-For`, when known (loopback binding).
    let forwardedFor: String?

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if let developmentLogin, request.path == DevelopmentLogin.path[...] {
            return developmentLogin.respond(to: request)
        }
        switch routes.destination(for: request.path, fallback: staticFiles == nil ? .notFound : .staticFiles) {
        case .function(let name):
            return await forward(request, to: name)
        case .webSocket(let name):
            // Upgrade requests for a built function are taken by `WebSocketProxy` before reaching here.
            guard supervisor.definition(name)?.isBuilt == true else {
                return .error(.serviceUnavailable, message: "function \(name) is not built")
            }
            return .error(
                HTTPStatus(code: 426), message: "\(request.path) is a WebSocket endpoint of \(name): upgrade required",
                headers: ["Upgrade": "websocket", "Connection": "Upgrade"])
        case .staticFiles:
            return staticFiles?.respond(to: request) ?? .error(.notFound, message: "not found")
        case .notFound:
            return .error(.notFound, message: "no route for \(request.path)")
        }
    }

    private func forward(_ request: HTTPRequest, to name: String) async -> HTTPResponse {
        guard let definition = supervisor.definition(name) else {
            return .error(
                .serviceUnavailable, message: "function \(name) is not built (it is not in this stack's table of built functions)"
            )
        }
        guard definition.isBuilt else {
            return .error(
                .serviceUnavailable, message: "function \(name) is not built (no executable at \(definition.executablePath))")
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
