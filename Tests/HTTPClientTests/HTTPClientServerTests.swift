import HTTPClient
import HTTPServer
import HTTPTypes
import Testing

/// Layer (d): the libcurl client against the project's own epoll server on 127.0.0.1.
@Suite("HTTPClient against the real HTTPServer")
struct HTTPClientServerTests {
    private struct Echo: HTTPResponder {
        func respond(to request: HTTPRequest) async -> HTTPResponse {
            if request.path == "/status/503" { return HTTPResponse(status: .serviceUnavailable) }
            var headers: HTTPHeaders = ["X-Method": request.method.rawValue]
            if let token = request.headers["x-test-token"] { headers.add(name: "X-Test-Token", value: token) }
            return HTTPResponse(status: .ok, headers: headers, body: request.body)
        }
    }

    /// Starts a one-loop server, runs `body`, then closes the client and shuts the server down completely.
    private func withServer(
        maxBodyBytes: Int = 4 << 20, _ body: (HTTPServer, String, HTTPClient) async throws -> Void
    ) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 1
        configuration.handlesSignals = false
        configuration.maxBodyBytes = maxBodyBytes
        configuration.shutdownGracePeriod = .seconds(2)
        let server = HTTPServer(configuration: configuration, responder: Echo())
        let port = try server.start()
        let client = HTTPClient()
        do {
            try await body(server, "http://127.0.0.1:\(port)", client)
        } catch {
            client.close()
            server.shutdown()
            try await server.run()
            throw error
        }
        client.close()
        server.shutdown()
        try await server.run()  // returns once every loop has stopped
    }

    @Test("echoes bodies and headers, and keeps one connection for sequential requests")
    func roundTrips() async throws {
        try await withServer { server, base, client in
            for method in [HTTPMethod.get, .post, .put, .delete] {
                let body = method == .get ? [] : Array("to \(method)".utf8)
                let response = try await client.execute(
                    method, url: "\(base)/echo", headers: ["X-Test-Token": "t-1"], body: body)
                #expect(response.status == .ok)
                #expect(response.headers["x-method"] == method.rawValue)
                #expect(response.headers["x-test-token"] == "t-1")
                #expect(response.body == body)
            }
            for index in 0..<50 {
                #expect(try await client.execute(.post, url: "\(base)/echo", body: [UInt8(index)]).body == [UInt8(index)])
            }
            #expect(server.activeConnections == 1)
            #expect(try await client.execute(.get, url: "\(base)/status/503").status == .serviceUnavailable)
        }
    }

    @Test("carries a 1 MiB body both ways")
    func bigBody() async throws {
        try await withServer { _, base, client in
            let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 13) }
            let response = try await client.execute(.post, url: "\(base)/echo", body: body)
            #expect(response.body == body)
        }
    }

    @Test("gets 413 back, not an error, for a body over the server's limit")
    func overLimit() async throws {
        try await withServer(maxBodyBytes: 1024) { _, base, client in
            let response = try await client.execute(.post, url: "\(base)/echo", body: [UInt8](repeating: 1, count: 4096))
            #expect(response.status == .contentTooLarge)
            #expect(try await client.execute(.post, url: "\(base)/echo", body: [1]).status == .ok)
        }
    }

    @Test("runs 100 concurrent requests on a pool of 8")
    func concurrency() async throws {
        try await withServer { _, base, client in
            let matched = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let body = Array("request \(index)".utf8)
                        return try await client.execute(.post, url: "\(base)/echo", body: body).body == body
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(matched == 100)
        }
    }
}
