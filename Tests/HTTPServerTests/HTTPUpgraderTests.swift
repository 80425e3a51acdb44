import HTTPServer
import HTTPTypes
import Testing

extension HTTPServerSocketTests {
    @Suite struct HTTPUpgraderTests {
        /// Accepts `Upgrade: echo` and echoes bytes until the client sends `bye`.
        struct EchoUpgrader: HTTPUpgrader {
            func upgrade(_ request: HTTPRequest) async -> HTTPUpgrade? {
                guard request.headers["Upgrade"] == "echo" else { return nil }
                guard request.headers["X-Refuse"] == nil else {
                    return .refuse(HTTPResponse(status: .unauthorized, contentType: "text/plain", text: "no"))
                }
                // Suspends, as a real decision (a token or state check) does, before answering.
                try? await Task.sleep(for: .milliseconds(1))
                return .accept(HTTPResponse(status: .switchingProtocols, headers: ["Upgrade": "echo", "Connection": "Upgrade"])) {
                    connection in
                    while let bytes = await connection.read() {
                        if bytes == Array("bye".utf8) { return }
                        do { try await connection.write(bytes) } catch { return }
                    }
                }
            }
        }

        @Test("hands an accepted upgrade to the upgrader, including bytes sent right after the head")
        func echo() async throws {
            try await withServer(upgrader: EchoUpgrader()) { port, server in
                let client = try #require(RawClient(port: port))
                client.send("GET /ws HTTP/1.1\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nhello")
                let response = try client.readResponse()
                #expect(response.status == 101)
                #expect(response.header("Upgrade") == "echo")
                #expect(response.header("Connection") == "Upgrade")
                var echoed = client.unread
                while echoed.count < 5, let more = client.readSome(timeout: 5), !more.isEmpty { echoed += more }
                #expect(echoed == Array("hello".utf8))
                client.send("again")
                #expect(client.readSome(timeout: 5) == Array("again".utf8))
                client.send("bye")
                #expect(client.closes(within: 5))
                #expect(await eventually { server.activeConnections == 0 })
            }
        }

        @Test("passes a declined upgrade to the responder as an ordinary request")
        func declined() async throws {
            try await withServer(upgrader: EchoUpgrader()) { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("GET /other HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\nGET /next HTTP/1.1\r\n\r\n")
                #expect(try client.readResponse().header("X-Target") == "/other")
                #expect(try client.readResponse().header("X-Target") == "/next")
            }
        }

        @Test("answers a refused upgrade as an ordinary response, and the connection goes on serving requests")
        func refused() async throws {
            try await withServer(upgrader: EchoUpgrader()) { port, _ in
                let client = try #require(RawClient(port: port))
                client.send(
                    "GET /ws HTTP/1.1\r\nUpgrade: echo\r\nConnection: Upgrade\r\nX-Refuse: 1\r\n\r\nGET /next HTTP/1.1\r\n\r\n")
                let refused = try client.readResponse()
                #expect(refused.status == 401)
                #expect(try client.readResponse().header("X-Target") == "/next")
            }
        }

        @Test("on shutdown an upgraded connection sends its goodbye bytes, then closes")
        func goodbyeOnShutdown() async throws {
            struct Goodbye: HTTPUpgrader {
                func upgrade(_ request: HTTPRequest) async -> HTTPUpgrade? {
                    .accept(HTTPResponse(status: .switchingProtocols, headers: ["Upgrade": "echo", "Connection": "Upgrade"])) {
                        connection in
                        connection.onShutdown(send: Array("bye".utf8))
                        while await connection.read() != nil {}
                    }
                }
            }
            try await withServer(upgrader: Goodbye()) { port, server in
                let client = try #require(RawClient(port: port))
                client.send("GET /ws HTTP/1.1\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
                #expect(try client.readResponse().status == 101)
                #expect(await eventually { server.activeConnections == 1 })
                server.shutdown()
                var received = client.unread
                while received.count < 3, let more = client.readSome(timeout: 5), !more.isEmpty { received += more }
                #expect(received == Array("bye".utf8))
                #expect(client.closes(within: 5))
            }
        }

        @Test("ends the upgrader's read when the client goes away")
        func clientCloses() async throws {
            try await withServer(upgrader: EchoUpgrader()) { port, server in
                do {
                    let client = try #require(RawClient(port: port))
                    client.send("GET /ws HTTP/1.1\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
                    #expect(try client.readResponse().status == 101)
                }
                #expect(await eventually { server.activeConnections == 0 })
            }
        }
    }
}
