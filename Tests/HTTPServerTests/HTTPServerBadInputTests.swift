import HTTPServer
import Testing

extension HTTPServerSocketTests {
    @Suite struct HTTPServerBadInputTests {
        @Test(
            "answers bad input with a JSON error and closes",
            arguments: [
                ("garbage\r\n\r\n", 400),
                ("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 17 * 1024) + "\r\n\r\n", 431),
                ("GET / HTTP/1.1\r\n" + String(repeating: "H: v\r\n", count: 101) + "\r\n", 431),
                ("POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", 400),
                ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nnothex\r\n", 400),
                ("POST / HTTP/1.1\r\nContent-Length: 20000\r\n\r\n" + String(repeating: "b", count: 40), 413),
            ])
        func badInput(request: String, status: Int) async throws {
            try await withServer({ $0.maxBodyBytes = 10_000 }) { port, _ in
                let client = try #require(RawClient(port: port))
                client.send(request)
                let response = try client.readResponse()
                #expect(response.status == status)
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.header("Connection") == "close")
                #expect(response.text.hasPrefix("{\"error\":{\"message\":\""))
                #expect(client.closes(within: 5))
            }
        }

        @Test("answers 413 for a body over the limit without waiting for the rest of it")
        func bodyTooLargeEarly() async throws {
            try await withServer({ $0.maxBodyBytes = 1000 }) { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("POST / HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n" + String(repeating: "x", count: 500))
                #expect(try client.readResponse(timeout: 5).status == 413)
            }
        }

        @Test("cuts off a client that trickles its head (slowloris)")
        func slowHead() async throws {
            try await withServer({ $0.headTimeout = .milliseconds(400) }) { port, _ in
                let client = try #require(RawClient(port: port))
                let start = now()
                var closed = false
                for byte in "GET /slow-loris HTTP/1.1\r\nX-A: b\r\n".utf8 {
                    if !client.send([byte]) || client.closes(within: 0.05) {
                        closed = true
                        break
                    }
                }
                if !closed { closed = client.closes(within: 5) }
                #expect(closed)
                #expect(now() - start >= 0.3)
                #expect(now() - start < 5)
            }
        }

        @Test("cuts off a client that stalls in the middle of its body")
        func slowBody() async throws {
            try await withServer({ $0.bodyTimeout = .milliseconds(300) }) { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345")
                #expect(client.closes(within: 5))
            }
        }
    }
}
