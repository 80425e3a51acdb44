import EmbeddedSupervisor
import HTTPServer
import HTTPTypes

/// Passes WebSocket connections through to the function a `.webSocket` route names: it starts the function if
/// needed, replays the upgrade request to it and relays the function's answer: a 101 (the function validated the
/// handshake and the token and computed `Sec-WebSocket-Accept`) switches the client's connection and bytes flow
/// both ways; anything else (401 for a missing or expired token, 400 for a bad `since=`) reaches the client as
/// the HTTP response it is, with no upgrade. An open connection counts as a request in flight, so it keeps its
/// function from being stopped as idle.
struct WebSocketProxy: HTTPUpgrader {
    let supervisor: Supervisor
    let routes: IngressRoutes
    /// The client address to add as `X-Forwarded-For`, when known.
    let forwardedFor: String?

    func upgrade(_ request: HTTPRequest) async -> HTTPUpgrade? {
        // A target the ingress refuses is left to `IngressResponder`, which answers 400.
        guard RequestTarget.problem(request.target) == nil,
            case .webSocket(let name) = routes.destination(for: request.path, fallback: .notFound),
            request.headers["Upgrade"]?.lowercased().contains("websocket") == true,
            supervisor.definition(name)?.isBuilt == true
        else { return nil }
        guard let (port, _, _) = try? await supervisor.acquire(name) else {
            return .refuse(Self.error(.serviceUnavailable, "\(name) is not available"))
        }
        let backend = BackendConnection(port: port, head: head(of: request))
        guard let (response, rest) = await Self.readResponse(from: backend) else {
            backend.shutdownBoth()
            supervisor.release(name)
            return .refuse(Self.error(.badGateway, "\(name) closed the connection before answering the handshake"))
        }
        guard response.status == .switchingProtocols else {
            backend.shutdownBoth()
            supervisor.release(name)
            return .refuse(response)
        }
        return .accept(response) { [supervisor] connection in
            defer { supervisor.release(name) }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    if !rest.isEmpty { try? await connection.write(rest) }
                    for await chunk in backend.chunks {
                        do { try await connection.write(chunk) } catch { break }
                    }
                    backend.shutdownBoth()
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
    }

    /// Reads the function's response head (and, for anything but a 101, its `Content-Length` body); returns the
    /// response to relay and the bytes that followed a 101's head (the first frames). Nil when the function closed
    /// first or answered something unreadable.
    private static func readResponse(from backend: BackendConnection) async -> (HTTPResponse, [UInt8])? {
        var iterator = backend.chunks.makeAsyncIterator()
        var received: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil, received.count < 64 * 1024, let chunk = await iterator.next() {
            received += chunk
            headEnd = received.firstRange(of: [0x0D, 0x0A, 0x0D, 0x0A])?.upperBound
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: received[..<(headEnd - 4)], as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1."), statusLine.count >= 12,
            let code = Int(statusLine.dropFirst(9).prefix(3))
        else { return nil }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            // The ingress writes its own Date.
            guard !String(line[..<colon]).equalsIgnoringASCIICase("date") else { continue }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        var rest = Array(received[headEnd...])
        if code == 101 { return (HTTPResponse(status: .switchingProtocols, headers: headers), rest) }
        let length = headers["Content-Length"].flatMap { Int($0) } ?? 0
        while rest.count < length, let chunk = await iterator.next() { rest += chunk }
        let body = Array(rest.prefix(length))
        return (HTTPResponse(status: HTTPStatus(code: code), headers: HopByHop.removing(from: headers), body: body), [])
    }

    /// The upgrade request as the function receives it: like every forwarded request, without the headers only the
    /// Dapr runtime may set and with the ingress marker (``IngressResponder/strippedHeaders``), `X-Forwarded-*` added.
    private func head(of request: HTTPRequest) -> [UInt8] {
        var headers = request.headers
        for name in IngressResponder.strippedHeaders { headers.remove(name) }
        headers[IngressHeader.name] = IngressHeader.value
        if let forwardedFor {
            headers["X-Forwarded-For"] = request.headers["X-Forwarded-For"].map { "\($0), \(forwardedFor)" } ?? forwardedFor
        }
        headers["X-Forwarded-Proto"] = "http"
        var text = "\(request.method.rawValue) \(request.target) HTTP/1.1\r\n"
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    /// A JSON error answer of the ingress itself.
    private static func error(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "application/json"],
            body: Array(#"{"error":{"message":"\#(message)"}}"#.utf8))
    }
}
