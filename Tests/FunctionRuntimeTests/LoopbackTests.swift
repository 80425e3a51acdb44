import FunctionRuntime
import FunctionTesting
import HTTPClient
import HTTPTypes
import JSON
import Testing

/// Layer (d): the runtime behind the real epoll server, called by the real libcurl client on 127.0.0.1.
@Suite(.serialized)
struct LoopbackTests {
    struct Handler: RoutedFunction {
        static let routes = Router<Self>()
            .post("/echo", access: .public, Self.echo)
            .post("/events", Self.event)
            .get("/tasks/{id}", access: .public, Self.show)

        func echo(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body)
        }

        func event(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            HTTPResponse(status: .noContent)
        }

        func show(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            struct Task: Encodable { var id: String }
            return try .json(Task(id: try context.parameters.require("id")))
        }
    }

    /// Runs `Handler` through `FunctionServer.run` on a free port, calls `body` with its base URL, then cancels the
    /// server and waits for it to stop.
    private func withFunction(
        configure: (inout Configuration) -> Void = { _ in }, _ body: (String, HTTPClient) async throws -> Void
    ) async throws {
        try await LoopbackServer.with(Handler(), configure: configure, body)
    }

    @Test("health, echo, route parameters and 404 work over a real socket")
    func basics() async throws {
        try await withFunction { base, client in
            let health = try await client.execute(.get, url: "\(base)/health/readiness")
            #expect(health.status == .ok)
            #expect(String(decoding: health.body, as: UTF8.self) == #"{"status":"ok"}"#)

            let payload = Array((0..<1024).map { UInt8(truncatingIfNeeded: $0) })
            let echo = try await client.execute(.post, url: "\(base)/echo", body: payload)
            #expect(echo.body == payload)
            #expect(echo.headers["X-Request-Id"]?.utf8.count == 32)

            let task = try await client.execute(.get, url: "\(base)/tasks/a%20b", headers: ["x-request-id": "loop-1"])
            #expect(String(decoding: task.body, as: UTF8.self) == #"{"id":"a b"}"#)
            #expect(task.headers["X-Request-Id"] == "loop-1")
            // An encoded slash is refused before routing (`RequestTarget`), as the ingress refuses it.
            let slash = try await client.execute(.get, url: "\(base)/tasks/a%2Fb")
            #expect(slash.status == .badRequest)

            let missing = try await client.execute(.get, url: "\(base)/nope")
            #expect(missing.status == .notFound)
            #expect(missing.headers["Content-Type"] == "application/json")
        }
    }

    @Test("the app token and the body limit hold over a real socket")
    func tokenAndLimit() async throws {
        try await withFunction(configure: {
            $0.appAPIToken = "tok"
            $0.maxBodyBytes = 16
        }) { base, client in
            #expect(try await client.execute(.post, url: "\(base)/events").status == .unauthorized)
            let accepted = try await client.execute(.post, url: "\(base)/events", headers: ["dapr-api-token": "tok"])
            #expect(accepted.status == .noContent)
            let large = try await client.execute(.post, url: "\(base)/echo", body: Array(repeating: 0x41, count: 64))
            #expect(large.status == .contentTooLarge)
            let metrics = try await client.execute(.get, url: "\(base)/metrics")
            #expect(
                String(decoding: metrics.body, as: UTF8.self).contains(
                    #"route="/events",method="POST",status="401"} 1"#))
        }
    }
}
