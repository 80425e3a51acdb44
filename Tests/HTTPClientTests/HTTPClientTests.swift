import Glibc
import HTTPClient
import HTTPTypes
import Testing

@Suite("HTTPClient against a loopback server")
struct HTTPClientTests {
    /// Runs `body` with a fresh server and client, and always stops both (no threads or fds left behind).
    private func withFixture(
        _ configure: (inout HTTPClientConfiguration) -> Void = { _ in },
        _ body: (LoopbackServer, HTTPClient) async throws -> Void
    ) async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configure(&configuration)
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
        }
        try await body(server, client)
    }

    @Test(
        "sends each method with its body and gets the echo back",
        arguments: [
            HTTPMethod.get, .post, .put, .delete, .patch,
        ])
    func methods(method: HTTPMethod) async throws {
        try await withFixture { server, client in
            let body = method == .get ? [] : Array("payload for \(method)".utf8)
            let response = try await client.execute(method, url: server.url("/echo"), body: body)
            #expect(response.status == .ok)
            #expect(response.headers["x-method"] == method.rawValue)
            #expect(response.body == body)
        }
    }

    @Test("HEAD returns the headers without a body")
    func head() async throws {
        try await withFixture { server, client in
            let response = try await client.execute(.head, url: server.url("/big?bytes=100"))
            #expect(response.status == .ok)
            #expect(response.headers["Content-Length"] == "100")
            #expect(response.body.isEmpty)
        }
    }

    @Test("sends request headers, suppresses Expect, and reads response headers case-insensitively")
    func headersBothWays() async throws {
        try await withFixture { server, client in
            let headers: HTTPHeaders = ["X-Test-Token": "abc 123", "X-Test-Empty": ""]
            let echoed = try await client.execute(.post, url: server.url("/echo"), headers: headers, body: [1, 2, 3])
            #expect(echoed.headers["x-test-token"] == "abc 123")
            #expect(echoed.headers["X-SERVER"] == "loopback")
            #expect(echoed.headers.values(for: "x-test-empty") == [""])

            // A body this big would make libcurl send `Expect: 100-continue` and wait for the server's go-ahead.
            let big = [UInt8](repeating: 7, count: 3 << 20)
            let seen = try await client.execute(.post, url: server.url("/headers"), headers: headers, body: big)
            let text = String(decoding: seen.body, as: UTF8.self)
            #expect(text.contains("X-Test-Token: abc 123"))
            #expect(!text.lowercased().contains("expect"))
            #expect(text.contains("Content-Length: \(big.count)"))
        }
    }

    @Test("echoes a 1 MiB body intact")
    func bigEcho() async throws {
        try await withFixture { server, client in
            let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let response = try await client.execute(.post, url: server.url("/echo"), body: body)
            #expect(response.body.count == body.count)
            #expect(response.body == body)
        }
    }

    @Test("returns non-2xx statuses instead of throwing", arguments: [404, 500, 503])
    func errorStatuses(code: Int) async throws {
        try await withFixture { server, client in
            let response = try await client.execute(.get, url: server.url("/status/\(code)"))
            #expect(response.status.code == code)
            #expect(response.status.reasonPhrase == HTTPStatus(code: code).reasonPhrase)
            #expect(response.body == Array("status \(code)".utf8))
        }
    }

    @Test("reuses one connection for 50 sequential requests")
    func keepAlive() async throws {
        try await withFixture { server, client in
            for index in 0..<50 {
                let response = try await client.execute(.post, url: server.url("/echo"), body: [UInt8(index)])
                #expect(response.body == [UInt8(index)])
            }
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test("reconnects after the server closes the connection")
    func serverClose() async throws {
        try await withFixture { server, client in
            let first = try await client.execute(.get, url: server.url("/close"))
            #expect(first.body == Array("bye".utf8))
            let second = try await client.execute(.get, url: server.url("/echo"))
            #expect(second.status == .ok)
            #expect(server.acceptedConnections == 2)
        }
    }

    @Test("runs 100 concurrent requests on a pool of 8")
    func concurrency() async throws {
        try await withFixture({ $0.poolSize = 8 }) { server, client in
            let url = server.url("/echo")
            let matched = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let body = Array("request \(index)".utf8)
                        let response = try await client.execute(.post, url: url, body: body)
                        return response.status == .ok && response.body == body
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(matched == 100)
            #expect((1...8).contains(server.acceptedConnections))
        }
    }
}
