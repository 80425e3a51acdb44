import FunctionRuntime
import FunctionTesting
import HTTPTypes
import JSON
import Synchronization
import Testing

@Suite struct FunctionServerTests {
    @Test("FunctionServer.run serves through the in-process transport until shut down")
    func inProcessTransport() async throws {
        let transport = InProcessTransport()
        let logs = TestLogHandler()
        async let serving: Void = FunctionServer.run(
            ClosureFunction { request, _ in HTTPResponse(status: .ok, body: request.body) },
            configuration: Configuration(), transport: transport, logHandler: logs)
        let echo = try await transport.execute(HTTPRequest(method: .post, target: "/echo", body: Array("hi".utf8)))
        #expect(echo.text == "hi")
        #expect(try await transport.execute(HTTPRequest(method: .get, target: "/health/readiness")).status == .ok)
        transport.shutdown()
        try await serving
        await #expect(throws: InProcessTransport.ShutDown.self) {
            try await transport.execute(HTTPRequest(method: .get, target: "/"))
        }
    }

    @Test("middleware runs outermost first around the route, and sees the route parameters")
    func middlewareOrder() async throws {
        let trail = Mutex<[String]>([])
        let layer: (String) -> Middleware = { name in
            { request, context, next in
                trail.withLock { $0.append("\(name)>") }
                var response = try await next(request, context)
                response.headers.add(name: "X-Layer", value: name)
                trail.withLock { $0.append("<\(name)") }
                return response
            }
        }
        let client = FunctionTestClient(
            ClosureFunction { _, _ in
                trail.withLock { $0.append("handler") }
                return HTTPResponse(status: .ok)
            }, middleware: [layer("outer"), layer("inner")])
        let response = try await client.execute(.get, "/x")
        #expect(trail.withLock { $0 } == ["outer>", "inner>", "handler", "<inner", "<outer"])
        #expect(response.headers.values(for: "X-Layer") == ["inner", "outer"])
        #expect(try await client.execute(.get, "/health").headers["X-Layer"] == nil)
    }

    @Test("a body over MAX_BODY_BYTES is a JSON 413 and never reaches the function")
    func bodyLimit() async throws {
        var config = Configuration()
        config.maxBodyBytes = 8
        let called = Atomic<Bool>(false)
        let client = FunctionTestClient(
            ClosureFunction { _, _ in
                called.store(true, ordering: .relaxed)
                return HTTPResponse(status: .ok)
            }, configuration: config)
        let response = try await client.execute(.post, "/", body: Array(repeating: 0x41, count: 9))
        #expect(response.status == .contentTooLarge)
        #expect(response.errorMessage == "request body exceeds 8 bytes")
        let wasCalled = called.load(ordering: .relaxed)
        #expect(!wasCalled)
        #expect(try await client.execute(.post, "/", body: Array(repeating: 0x41, count: 8)).status == .ok)
    }

    @Test("a handler called directly with forTesting gets the test context")
    func forTesting() async throws {
        let logs = TestLogHandler()
        let function = ClosureFunction { _, context in
            context.logger.notice("Seen", metadata: ["request.id": "\(context.requestID)"])
            return try .json(["id": context.parameters["id"] ?? "-"])
        }
        let response = try await function.handle(
            HTTPRequest(method: .get, target: "/"),
            context: .forTesting(requestID: "r9", logger: logs.logger(), parameters: ["id": "42"]))
        #expect(response.text == #"{"id":"42"}"#)
        #expect(logs.records.map(\.metadata) == [["request.id": "r9"]])
    }

    @Test("the test client rejects requests no server would deliver")
    func invalidRequests() async throws {
        let client = FunctionTestClient(ClosureFunction { _, _ in HTTPResponse(status: .ok) })
        await #expect(throws: FunctionTestClient.InvalidRequest.self) { try await client.execute(.get, "health") }
        await #expect(throws: FunctionTestClient.InvalidRequest.self) {
            try await client.execute(.get, "/", headers: ["X-Bad": "a\r\nInjected: yes"])
        }
        #expect(try await client.execute(.get, "/?q=1").status == .ok)
    }
}
