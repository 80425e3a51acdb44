import Dapr
import FunctionRuntime
import HTTPTypes
import LiveUpdates

/// ws-gateway's HTTP routes (the WebSocket upgrade itself is `GatewayUpgrader`'s):
/// `POST /internal/push` from ws-fanout (app token), and `GET /ws` without an upgrade (426).
struct WsGatewayHandler: RoutedFunction {
    let hub: ConnectionHub

    static let routes = Router<Self>()
        .post("/internal/push", Self.push)
        .get("/ws", access: .public, Self.notUpgraded)

    /// Writes the event to every connection of the user on this replica; 204 also when there is none, with
    /// `Live-Connections: <n>`, how many connections of the user this replica holds (ws-fanout's delivery count).
    func push(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let push: LivePush
        do {
            push = try LivePush(json: request.body)
        } catch {
            throw HTTPError(.badRequest, message: "push body: \(error)")
        }
        let count = hub.deliver(push.event, to: push.userID)
        context.logger.debug(
            "Event pushed", metadata: ["user.id": .string(push.userID), "seq": "\(push.event.seq)", "connections": "\(count)"])
        return HTTPResponse(status: .noContent, headers: ["Live-Connections": String(count)])
    }

    /// A plain GET on the WebSocket endpoint.
    func notUpgraded(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        throw HTTPError(
            HTTPStatus(code: 426), message: "GET /ws needs a WebSocket upgrade",
            headers: ["Upgrade": "websocket", "Sec-WebSocket-Version": "13"])
    }
}
