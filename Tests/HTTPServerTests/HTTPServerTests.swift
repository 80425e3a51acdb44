import HTTPServer
import Testing

extension HTTPServerSocketTests {
    @Suite struct HTTPServerTests {
        @Test("answers several requests on one keep-alive connection")
        func keepAlive() async throws {
            try await withServer { port, server in
                let client = try #require(RawClient(port: port))
                for index in 0..<5 {
                    client.send("GET /k\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                    let response = try client.readResponse()
                    #expect(response.status == 200)
                    #expect(response.header("X-Target") == "/k\(index)")
                    #expect(response.header("Connection") == nil)
                    #expect(response.header("Date") != nil)
                }
                #expect(server.activeConnections == 1)
            }
        }

        @Test("runs the responder on the event loop thread, also after it suspends (no hop to the pool)")
        func runsOnLoop() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("GET /thread HTTP/1.1\r\n\r\n")
                let names = try client.readResponse().text.split(separator: " ")
                #expect(names.count == 2)
                #expect(names.allSatisfy { $0.hasPrefix("http-loop-") })
                #expect(names.first == names.last)
            }
        }

        @Test("answers pipelined requests in order")
        func pipelining() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send(
                    "GET /slow?ms=100 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\n\r\n")
                #expect(try client.readResponse().text == "slow done")
                let second = try client.readResponse()
                #expect(second.header("X-Target") == "/2")
                #expect(second.text == "abc")
                #expect(try client.readResponse().header("X-Target") == "/3")
            }
        }

        @Test("reads a chunked request body sent in pieces")
        func chunkedBody() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n")
                try await Task.sleep(for: .milliseconds(50))
                client.send("5\r\npedia\r\n0\r\n\r\n")
                #expect(try client.readResponse().text == "Wikipedia")
            }
        }

        @Test("sends 100 Continue before reading an accepted body")
        func expectContinue() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
                #expect(try client.readResponse().status == 100)
                client.send("body")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "body")
            }
        }

        @Test("answers 413 at once, without 100 Continue, when the declared body is over the limit")
        func expectContinueTooLarge() async throws {
            try await withServer({ $0.maxBodyBytes = 1000 }) { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 413)
                #expect(response.header("Connection") == "close")
                #expect(client.closes(within: 5))
            }
        }

        @Test("answers HEAD with the length but no body")
        func head() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("HEAD /big?n=100 HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n")
                let response = try client.readResponse(head: true)
                #expect(response.header("Content-Length") == "100")
                #expect(try client.readResponse().header("X-Target") == "/after")
            }
        }

        @Test("closes an HTTP/1.0 connection after the response unless it asked for keep-alive")
        func http10() async throws {
            try await withServer { port, _ in
                let plain = try #require(RawClient(port: port))
                plain.send("GET /old HTTP/1.0\r\n\r\n")
                let response = try plain.readResponse()
                #expect(response.header("Connection") == "close")
                #expect(plain.closes(within: 5))
                let kept = try #require(RawClient(port: port))
                kept.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(try kept.readResponse().header("Connection") == "keep-alive")
                kept.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(try kept.readResponse().header("X-Target") == "/again")
            }
        }

        @Test("sends a large response to a slow reader completely")
        func backpressure() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port, receiveBufferSize: 16 * 1024))
                client.send("GET /big?n=3000000 HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\n\r\n")
                try await Task.sleep(for: .milliseconds(200))
                let response = try client.readResponse(timeout: 30)
                #expect(response.body.count == 3_000_000)
                #expect(response.body.first == UInt8(ascii: "b"))
                #expect(response.body.last == UInt8(ascii: "$"))
                #expect(try client.readResponse().header("X-Target") == "/next")
            }
        }

        @Test("closes an idle keep-alive connection after the idle timeout")
        func idleTimeout() async throws {
            try await withServer({ $0.idleTimeout = .milliseconds(300) }) { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("GET / HTTP/1.1\r\n\r\n")
                _ = try client.readResponse()
                let start = now()
                #expect(client.closes(within: 5))
                #expect(now() - start >= 0.2)
            }
        }
    }
}
