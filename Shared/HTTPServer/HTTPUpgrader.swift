package import HTTPTypes

/// Takes over connections whose request asks to switch protocols (`Upgrade:` with `Connection: upgrade`),
/// as the WebSocket gateway does.
///
/// ```swift
/// struct EchoUpgrader: HTTPUpgrader {
///     func upgrade(_ request: HTTPRequest) -> HTTPResponse? {
///         guard request.headers["Upgrade"] == "echo" else { return nil }
///         return HTTPResponse(status: .switchingProtocols, headers: ["Upgrade": "echo", "Connection": "Upgrade"])
///     }
///     func run(_ connection: UpgradedConnection, request: HTTPRequest) async {
///         while let bytes = await connection.read() { try? await connection.write(bytes) }
///     }
/// }
/// ```
package protocol HTTPUpgrader: Sendable {
    /// Decides on the loop thread, without suspending: a response (normally 101) accepts and is sent as is;
    /// nil declines, and the request goes to the responder like any other.
    func upgrade(_ request: HTTPRequest) -> HTTPResponse?

    /// Speaks the new protocol; the connection closes when this returns.
    func run(_ connection: UpgradedConnection, request: HTTPRequest) async
}
