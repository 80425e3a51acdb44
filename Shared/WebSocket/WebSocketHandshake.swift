import FoundationEssentials
package import HTTPTypes

/// The server side of the opening handshake (RFC 6455 §4.2): checks the client's request and builds the 101.
///
/// ```swift
/// let handshake = try WebSocketHandshake(request)          // throws WebSocketHandshakeError (400/426)
/// return handshake.response(subprotocol: "bearer")          // 101 with Sec-WebSocket-Accept
/// ```
package struct WebSocketHandshake: Sendable {
    /// The client's `Sec-WebSocket-Key`.
    package let key: String
    /// The subprotocols the client offered, in order (`Sec-WebSocket-Protocol`, trimmed).
    package let offeredProtocols: [String]

    private static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// Checks `request`: GET over HTTP/1.1 or later, `Upgrade: websocket`, `Connection: upgrade`,
    /// `Sec-WebSocket-Version: 13` and a `Sec-WebSocket-Key` of 16 base64-encoded bytes.
    /// - Throws: `WebSocketHandshakeError`: 426 naming version 13 for another version, else 400.
    package init(_ request: HTTPRequest) throws(WebSocketHandshakeError) {
        guard request.method == .get else { throw WebSocketHandshakeError(.methodNotAllowed, "the handshake must be a GET") }
        guard request.version.major > 1 || (request.version.major == 1 && request.version.minor >= 1) else {
            throw WebSocketHandshakeError(.badRequest, "the handshake needs HTTP/1.1")
        }
        guard Self.tokens(request.headers.values(for: "Upgrade")).contains("websocket") else {
            throw WebSocketHandshakeError(.badRequest, "Upgrade: websocket is missing")
        }
        guard Self.tokens(request.headers.values(for: "Connection")).contains("upgrade") else {
            throw WebSocketHandshakeError(.badRequest, "Connection: upgrade is missing")
        }
        guard request.headers["Sec-WebSocket-Version"]?.trimmedSpaces == "13" else {
            throw WebSocketHandshakeError(
                HTTPStatus(code: 426), "Sec-WebSocket-Version must be 13", headers: ["Sec-WebSocket-Version": "13"])
        }
        guard let key = request.headers["Sec-WebSocket-Key"]?.trimmedSpaces,
            let decoded = Data(base64Encoded: key), decoded.count == 16
        else { throw WebSocketHandshakeError(.badRequest, "Sec-WebSocket-Key must be 16 bytes in base64") }
        self.key = key
        offeredProtocols = request.headers.values(for: "Sec-WebSocket-Protocol").flatMap {
            $0.split(separator: ",").map { $0.trimmedSpaces }
        }.filter { !$0.isEmpty }
    }

    /// The 101 that accepts the handshake, selecting `subprotocol` when given (it must be one the client offered).
    package func response(subprotocol: String? = nil) -> HTTPResponse {
        var headers: HTTPHeaders = [
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": Self.acceptValue(key: key),
        ]
        if let subprotocol { headers["Sec-WebSocket-Protocol"] = subprotocol }
        return HTTPResponse(status: .switchingProtocols, headers: headers)
    }

    /// `base64(SHA-1(key + GUID))` (§4.2.2).
    package static func acceptValue(key: String) -> String {
        Data(SHA1.digest(Array((key + guid).utf8))).base64EncodedString()
    }

    /// The comma-separated tokens of a header's values, lower-cased.
    private static func tokens(_ values: [String]) -> Set<String> {
        Set(values.flatMap { $0.split(separator: ",").map { $0.trimmedSpaces.lowercased() } })
    }
}

/// A handshake the server refuses: the HTTP status and the reason.
package struct WebSocketHandshakeError: Error, CustomStringConvertible {
    /// 400, 405 or 426.
    package let status: HTTPStatus
    /// What is wrong.
    package let message: String
    /// Extra headers (`Sec-WebSocket-Version: 13` with a 426).
    package let headers: HTTPHeaders

    /// Creates an error.
    package init(_ status: HTTPStatus, _ message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// `"<status>: <message>"`.
    package var description: String { "\(status): \(message)" }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmedSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
