import FoundationEssentials
import HTTPServer
import HTTPTypes

/// Passes WebSocket connections through to the function a `.webSocket` route names: the ingress answers the
/// handshake itself (101 with `Sec-WebSocket-Accept`, echoing the first offered subprotocol, where the token rides),
/// then starts the function if needed, replays the upgrade request to it and relays bytes both ways. If the function
/// refuses the upgrade, the client gets a close frame (1008 for 401/403, else 1011). The connection counts as a
/// request in flight, so an open WebSocket keeps its function from being stopped as idle.
struct WebSocketProxy: HTTPUpgrader {
    let supervisor: Supervisor
    let routes: RouteTable
    /// The client address to add as `X-Forwarded-For`, when known.
    let forwardedFor: String?

    private static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    func upgrade(_ request: HTTPRequest) -> HTTPResponse? {
        guard case .webSocket(let name) = routes.destination(for: request.path, fallback: .notFound),
            request.headers["Upgrade"]?.lowercased().contains("websocket") == true,
            let key = request.headers["Sec-WebSocket-Key"], !key.isEmpty,
            supervisor.definition(name)?.isBuilt == true
        else { return nil }
        var headers: HTTPHeaders = [
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": Self.accept(key: key),
        ]
        if let offered = request.headers["Sec-WebSocket-Protocol"],
            let first = offered.split(separator: ",").first?.filter({ $0 != " " && $0 != "\t" }), !first.isEmpty
        {
            headers["Sec-WebSocket-Protocol"] = first
        }
        return HTTPResponse(status: .switchingProtocols, headers: headers)
    }

    func run(_ connection: UpgradedConnection, request: HTTPRequest) async {
        guard case .webSocket(let name) = routes.destination(for: request.path, fallback: .notFound) else { return }
        guard let (port, _, _) = try? await supervisor.acquire(name) else {
            try? await connection.write(Self.closeFrame(1011))
            return
        }
        defer { supervisor.release(name) }
        let backend = BackendConnection(port: port, head: head(of: request))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await Self.relayFromFunction(backend, to: connection)
                connection.close()
            }
            group.addTask {
                while let bytes = await connection.read() {
                    guard await backend.send(bytes) else { break }
                }
                backend.shutdownBoth()
            }
        }
    }

    /// Reads the function's response head: a 101 is dropped (the client already has the ingress's) and the rest of
    /// the stream relayed; anything else becomes a close frame.
    private static func relayFromFunction(_ backend: BackendConnection, to connection: UpgradedConnection) async {
        var iterator = backend.chunks.makeAsyncIterator()
        var received: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil, let chunk = await iterator.next() {
            received += chunk
            headEnd = received.firstRange(of: [0x0D, 0x0A, 0x0D, 0x0A])?.upperBound
        }
        guard let headEnd, received.starts(with: Array("HTTP/1.1 101".utf8)) else {
            let refused =
                received.starts(with: Array("HTTP/1.1 401".utf8)) || received.starts(with: Array("HTTP/1.1 403".utf8))
            try? await connection.write(closeFrame(refused ? 1008 : 1011))
            backend.shutdownBoth()
            return
        }
        if headEnd < received.count { try? await connection.write(Array(received[headEnd...])) }
        while let chunk = await iterator.next() {
            do { try await connection.write(chunk) } catch { break }
        }
        backend.shutdownBoth()
    }

    /// The upgrade request as the function receives it, with `X-Forwarded-*` added.
    private func head(of request: HTTPRequest) -> [UInt8] {
        var headers = request.headers
        if let forwardedFor {
            headers["X-Forwarded-For"] = request.headers["X-Forwarded-For"].map { "\($0), \(forwardedFor)" } ?? forwardedFor
        }
        headers["X-Forwarded-Proto"] = "http"
        var text = "\(request.method.rawValue) \(request.target) HTTP/1.1\r\n"
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    /// `base64(SHA-1(key + GUID))` (RFC 6455 §4.2.2).
    static func accept(key: String) -> String {
        Data(SHA1.digest(Array((key + guid).utf8))).base64EncodedString()
    }

    /// An unmasked close frame with `code` (server to client).
    private static func closeFrame(_ code: UInt16) -> [UInt8] {
        [0x88, 0x02, UInt8(code >> 8), UInt8(code & 0xFF)]
    }
}
