import EmbeddedSupervisor
import HTTPClient
import HTTPServer
import HTTPTypes
import JSON

/// Answers one request for the `Ingress`: a target `RequestTarget` refuses gets 400 before any route is chosen;
/// a forwarded request carries `IngressHeader` and never a Dapr or caller token.
struct IngressResponder: HTTPResponder {
    /// Headers a client may not pass through the ingress: the ingress marker (set afresh) and what only the Dapr
    /// runtime sets.
    static let strippedHeaders = [IngressHeader.name, "dapr-api-token", "dapr-caller-app-id", "dapr-callee-app-id"]

    let supervisor: Supervisor
    let routes: IngressRoutes
    let staticFiles: StaticFiles?
    /// `POST /dev/token`, when `todofn up` enables it.
    let developmentLogin: DevelopmentLogin?
    /// The client address to add as `X-Forwarded-For`, when known (loopback binding).
    let forwardedFor: String?

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if let problem = RequestTarget.problem(request.target) { return .error(.badRequest, message: problem) }
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
        for name in Self.strippedHeaders { forwarded.headers.remove(name) }
        forwarded.headers[IngressHeader.name] = IngressHeader.value
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
            // The client's own message (libcurl's text) stays out of the answer: only the kind of failure.
            return .error(.badGateway, message: "function \(name) failed mid-request (\(error.code))")
        } catch {
            return .error(.badGateway, message: "function \(name) failed")
        }
    }
}
