import Crypto
import Dapr
import FunctionRuntime
import Glibc
import HTTPServer
import HTTPTypes
import JSON
import LiveUpdates
import WebSocket

/// Decides on `GET /ws` upgrades before any 101: the handshake (400/426), the token (401), `since` (400), then
/// registers the connection (live first: in the hub, and this replica in the user's presence) and reads the replay;
/// an accepted connection runs `GatewaySession`.
struct GatewayUpgrader: HTTPUpgrader {
    let hub: ConnectionHub
    let dapr: any DaprClient
    let signer: JWTSigner
    let logger: Logger
    /// The clock, in Unix seconds.
    var now: @Sendable () -> Int64 = { Int64(time(nil)) }

    func upgrade(_ request: HTTPRequest) async -> HTTPUpgrade? {
        guard request.path == "/ws" else { return nil }
        let handshake: WebSocketHandshake
        do {
            handshake = try WebSocketHandshake(request)
        } catch {
            return .refuse(.error(error.status, message: error.message, headers: error.headers))
        }
        let claims: JWTClaims
        let subprotocol: String?
        do {
            (claims, subprotocol) = try authenticate(request, offered: handshake.offeredProtocols)
        } catch {
            return .refuse(.error(error.status, message: error.message, headers: error.headers))
        }
        var since: Int64?
        if let raw = request.queryValue("since") {
            guard let value = Int64(raw), value >= 0 else {
                return .refuse(.error(.badRequest, message: "since must be a non-negative integer"))
            }
            since = value
        }
        let connection = LiveConnection(userID: claims.subject, expiresAt: claims.expiresAt)
        guard await hub.add(connection) else {
            hub.remove(connection)
            return .refuse(.error(.serviceUnavailable, message: "live updates are unavailable, try again"))
        }
        let plan: ReplayPlan
        do {
            plan = try await ReplayPlan.load(userID: claims.subject, since: since, dapr: dapr)
        } catch let error as HTTPError {
            hub.remove(connection)
            return .refuse(.error(error.status, message: error.message))
        } catch {
            hub.remove(connection)
            logger.error("Replay state unreadable", metadata: ["user.id": .string(claims.subject), "error": "\(error)"])
            return .refuse(.error(.serviceUnavailable, message: "live updates are unavailable, try again"))
        }
        return .accept(handshake.response(subprotocol: subprotocol)) { [hub] channel in
            channel.onShutdown(send: WebSocketFrameEncoder.close(.goingAway, reason: "server shutting down"))
            connection.attach(channel, initial: plan.frames, lastSent: plan.lastSent)
            hub.attached(connection)
            await GatewaySession.run(channel, connection: connection)
            hub.remove(connection)
        }
    }

    /// The token from `Sec-WebSocket-Protocol: bearer, <token>` (then `bearer` is the selected subprotocol) or
    /// from `?token=`.
    private func authenticate(_ request: HTTPRequest, offered: [String]) throws(HTTPError) -> (JWTClaims, String?) {
        var token: String?
        var subprotocol: String?
        if let bearer = offered.firstIndex(where: { $0.lowercased() == "bearer" }), bearer + 1 < offered.count {
            token = offered[bearer + 1]
            subprotocol = offered[bearer]
        } else if let query = request.queryValue("token"), !query.isEmpty {
            token = query
        }
        guard let token else {
            throw HTTPError(
                .unauthorized, message: "missing token: Sec-WebSocket-Protocol: bearer, <token> or ?token=",
                headers: ["WWW-Authenticate": #"Bearer realm="todo-functions""#])
        }
        let invalid: HTTPHeaders = ["WWW-Authenticate": #"Bearer realm="todo-functions", error="invalid_token""#]
        let claims: JWTClaims
        do {
            claims = try signer.verify(token, now: now())
        } catch {
            throw HTTPError(.unauthorized, message: "invalid token: \(error.message)", headers: invalid)
        }
        guard !claims.subject.isEmpty else { throw HTTPError(.unauthorized, message: "token has an empty sub", headers: invalid) }
        return (claims, subprotocol)
    }
}
