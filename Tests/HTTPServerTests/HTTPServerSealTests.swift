import Glibc
import HTTPServer
import Testing

extension HTTPServerSocketTests {
    /// Issue 11's smaller holes, probed as an attacker would, against a real server socket.
    @Suite struct HTTPServerSealTests {
        @Test("Expect: 100-continue with the body in the same write gets the 100 and then the answer to that body")
        func continueWithBodyInSameWrite() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody")
                #expect(try client.readResponse(timeout: 5).status == 100)
                let response = try client.readResponse(timeout: 5)
                #expect(response.status == 200)
                #expect(response.text == "body")
                // The connection goes on with the next request.
                client.send("GET /next HTTP/1.1\r\n\r\n")
                #expect(try client.readResponse(timeout: 5).header("X-Target") == "/next")
            }
        }

        @Test("Expect: 100-continue with the body in the same write, on a kept-alive connection and with a large body")
        func continueWithBodyAfterAnotherRequest() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("GET /first HTTP/1.1\r\n\r\n")
                #expect(try client.readResponse(timeout: 5).status == 200)
                let body = String(repeating: "x", count: 200_000)
                client.send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                #expect(try client.readResponse(timeout: 5).status == 100)
                let response = try client.readResponse(timeout: 5)
                #expect(response.status == 200)
                #expect(response.text.utf8.count == body.utf8.count)
            }
        }

        @Test("Expect: 100-continue with a chunked body in the same write")
        func continueWithChunkedBody() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send(
                    "POST /e HTTP/1.1\r\nExpect: 100-Continue\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n")
                #expect(try client.readResponse(timeout: 5).status == 100)
                let response = try client.readResponse(timeout: 5)
                #expect(response.status == 200)
                #expect(response.text == "Wiki")
            }
        }

        @Test("Expect: 100-continue with part of the body in the head's write and the rest after the 100")
        func continueWithSplitBody() async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 8\r\n\r\nbo")
                #expect(try client.readResponse(timeout: 5).status == 100)
                client.send("dy-rest")
                let response = try client.readResponse(timeout: 5)
                #expect(response.status == 200)
                #expect(response.text == "body-res")
            }
        }

        @Test(
            "a request line with a version other than HTTP/1.0 or 1.1 gets 505 with a JSON body, and the connection closes",
            arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0", "HTTP/9.9"])
        func unsupportedVersion(version: String) async throws {
            try await withServer { port, _ in
                let client = try #require(RawClient(port: port))
                client.send("GET /v \(version)\r\nHost: t\r\n\r\n")
                let response = try client.readResponse(timeout: 5)
                #expect(response.status == 505)
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.text.contains("\"error\""))
                #expect(client.closes(within: 5))
            }
        }

        @Test("HTTP/1.0 and HTTP/1.1 request lines are served")
        func supportedVersions() async throws {
            try await withServer { port, _ in
                for version in ["1.0", "1.1"] {
                    let client = try #require(RawClient(port: port))
                    client.send("GET /v HTTP/\(version)\r\nHost: t\r\n\r\n")
                    let response = try client.readResponse(timeout: 5)
                    #expect(response.status == 200)
                    #expect(response.header("X-Version") == version)
                }
            }
        }

        @Test("one address holding its limit of connections is refused with 503; other addresses are still served")
        func perClientLimit() async throws {
            try await withServer({ $0.maxConnectionsPerClient = 3 }) { port, server in
                var held: [RawClient] = []
                for index in 0..<3 {
                    let client = try #require(RawClient(port: port))
                    client.send("GET /held\(index) HTTP/1.1\r\n\r\n")
                    #expect(try client.readResponse(timeout: 5).status == 200)
                    held.append(client)
                }
                let refused = try #require(RawClient(port: port))
                let response = try refused.readResponse(timeout: 5)
                #expect(response.status == 503)
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.text.contains("too many connections from this address"))
                #expect(refused.closes(within: 5))

                let other = try #require(RawClient(port: port, source: "127.0.0.2"))
                other.send("GET /other HTTP/1.1\r\n\r\n")
                #expect(try other.readResponse(timeout: 5).header("X-Target") == "/other")

                held.removeLast()  // closes it; the address gets a slot back once the server has seen the close
                #expect(await eventually { server.activeConnections == 3 })
                let again = try #require(RawClient(port: port))
                again.send("GET /again HTTP/1.1\r\n\r\n")
                #expect(try again.readResponse(timeout: 5).status == 200)
            }
        }

        @Test("with no descriptors left above the reserve, a new connection gets 503 and is closed; the server lives on")
        func descriptorReserve() async throws {
            try await withServer({ $0.reservedDescriptors = 1 << 40 }) { port, server in
                for _ in 0..<3 {
                    let client = try #require(RawClient(port: port))
                    let response = try client.readResponse(timeout: 5)
                    #expect(response.status == 503)
                    #expect(response.text.contains("at its connection limit"))
                    #expect(client.closes(within: 5))
                }
                #expect(server.activeConnections == 0)
            }
        }

        @Test("starting a server raises the soft descriptor limit to the hard limit")
        func raisesDescriptorLimit() async throws {
            try await withServer { _, _ in
                var limit = rlimit()
                #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
                #expect(limit.rlim_cur == limit.rlim_max)
            }
        }
    }
}
