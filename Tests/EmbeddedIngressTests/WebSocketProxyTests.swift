import EmbeddedIngress
import EmbeddedSupervisor
import Glibc
import Testing

/// A function in Python that answers readiness over HTTP and a WebSocket upgrade on `/ws` (a 401 JSON answer
/// without a subprotocol), then echoes raw bytes.
private let webSocketFunction = """
    #!/usr/bin/python3
    import base64, hashlib, os, socketserver
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            data = b""
            while b"\\r\\n\\r\\n" not in data:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                data += chunk
            head, rest = data.split(b"\\r\\n\\r\\n", 1)
            lines = head.decode().split("\\r\\n")
            headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
            if lines[0].startswith("GET /health/readiness"):
                self.request.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok")
                return
            if "sec-websocket-protocol" not in headers:
                body = b'{"error":{"message":"missing token"}}'
                self.request.sendall(b"HTTP/1.1 401 Unauthorized\\r\\nContent-Type: application/json\\r\\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\\r\\n\\r\\n" + body)
                return
            key = headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
            accept = base64.b64encode(hashlib.sha1(key.encode()).digest()).decode()
            self.request.sendall(("HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n"
                "Sec-WebSocket-Protocol: bearer\\r\\nSec-WebSocket-Accept: " + accept + "\\r\\n\\r\\n").encode() + b"hello from " + headers.get("x-forwarded-proto", "?").encode())
            if rest:
                self.request.sendall(rest)
            while True:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                self.request.sendall(chunk)
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()

    """

@Suite("WebSocket passthrough on /ws")
struct WebSocketProxyTests {
    @Test("the function's 101 reaches the client and bytes flow both ways; the function's 401 reaches it as HTTP, no upgrade")
    func passthrough() async throws {
        try #require(access("/usr/bin/python3", X_OK) == 0, "needs /usr/bin/python3")
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(directory) }
        TestSupport.write(webSocketFunction, to: directory + "/ws-gateway", mode: 0o755)
        var configuration = SupervisorConfiguration()
        configuration.logSink = { _, _ in }
        // A Python start on a busy machine can take seconds: wait for readiness, not for a window.
        configuration.readinessTimeout = .seconds(120)
        let supervisor = try Supervisor(
            functions: [FunctionDefinition(name: "ws-gateway", executablePath: directory + "/ws-gateway")],
            configuration: configuration)
        try supervisor.start()
        var ingressConfiguration = IngressConfiguration()
        ingressConfiguration.port = 0
        ingressConfiguration.workerCount = 1
        let ingress = Ingress(supervisor: supervisor, configuration: ingressConfiguration)
        let port = try ingress.start()

        let upgrade =
            "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        let client = try #require(RawSocket(port: port, timeoutSeconds: 30), "the first upgrade waits for the function to start")
        client.send(upgrade + "Sec-WebSocket-Protocol: bearer, token-abc\r\n\r\n")
        let head = client.readHead()
        #expect(head.hasPrefix("HTTP/1.1 101"))
        #expect(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "RFC 6455's sample key")
        #expect(head.contains("Sec-WebSocket-Protocol: bearer"))
        #expect(String(decoding: client.read(atLeast: 15), as: UTF8.self) == "hello from http")
        client.send([0x81, 0x02, 0x68, 0x69])
        #expect(client.read(atLeast: 4) == [0x81, 0x02, 0x68, 0x69])
        #expect(supervisor.status("ws-gateway")?.inFlight == 1, "an open WebSocket counts as in flight")

        let refused = try #require(RawSocket(port: port, timeoutSeconds: 30))
        refused.send(upgrade + "\r\n")
        let refusal = refused.readHead()
        #expect(refusal.hasPrefix("HTTP/1.1 401"), "the function's refusal, relayed")
        #expect(refusal.contains("Content-Type: application/json"))
        #expect(String(decoding: refused.read(atLeast: 37), as: UTF8.self) == #"{"error":{"message":"missing token"}}"#)
        #expect(!refusal.contains("Upgrade: websocket"))

        let plain = try #require(RawSocket(port: port))
        plain.send("GET /ws HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(plain.readHead().hasPrefix("HTTP/1.1 426"))

        client.close()
        #expect(
            await TestSupport.eventually { supervisor.status("ws-gateway")?.inFlight == 0 },
            "closing the client ends the relay")
        ingress.shutdown()
        await ingress.wait()
        await supervisor.shutdown()
    }
}
