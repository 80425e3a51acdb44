package import HTTPTypes

/// Takes over connections whose request asks to switch protocols (`Upgrade:` with `Connection: upgrade`),
/// as the WebSocket gateway does.
///
/// ```swift
/// struct EchoUpgrader: HTTPUpgrader {
///     func upgrade(_ request: HTTPRequest) async -> HTTPUpgrade? {
///         guard request.headers["Upgrade"] == "echo" else { return nil }
///         guard request.headers["Authorization"] != nil else { return .refuse(HTTPResponse(status: .unauthorized)) }
///         return .accept(HTTPResponse(status: .switchingProtocols, headers: ["Upgrade": "echo", "Connection": "Upgrade"])) {
///             connection in
///             while let bytes = await connection.read() { try? await connection.write(bytes) }
///         }
///     }
/// }
/// ```
package protocol HTTPUpgrader: Sendable {
    /// Decides, and may suspend while it does (a token check, a state-store read, a backend's own handshake):
    /// `.accept` sends its response and hands the connection over, `.refuse` answers like any response (a 401),
    /// nil declines and the request goes to the responder like any other.
    func upgrade(_ request: HTTPRequest) async -> HTTPUpgrade?
}

/// What an `HTTPUpgrader` decided for one request.
package enum HTTPUpgrade: Sendable {
    /// Sends the response (normally 101), then `run` speaks the new protocol; the connection closes when it
    /// returns. `run` is called even when the client left meanwhile (its reads then end at once), so what the
    /// decision opened is always released.
    case accept(HTTPResponse, run: @Sendable (UpgradedConnection) async -> Void)
    /// Answers with this response, as for an ordinary request; no switch.
    case refuse(HTTPResponse)
}
