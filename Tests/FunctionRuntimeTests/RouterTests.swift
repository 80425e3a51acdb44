import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Testing

@Suite struct RouterTests {
    struct TaskHandler: RoutedFunction {
        static let routes = Router<Self>()
            .get("/api/{user}/tasks", access: .public, Self.list)
            .post("/api/{user}/tasks", access: .public, Self.create)
            .get("/api/{user}/tasks/{id}", access: .public, Self.show)
            .delete("/api/{user}/tasks/{id}", Self.remove)

        let prefix: String

        func list(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            HTTPResponse(contentType: "text/plain", text: "\(prefix) list \(context.parameters["user"] ?? "-")")
        }

        func create(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            HTTPResponse(status: .created, contentType: "text/plain", text: "created")
        }

        func show(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            let id = try context.parameters.require("id", as: Int.self)
            return HTTPResponse(contentType: "text/plain", text: "\(context.parameters["user"] ?? "-") \(id)")
        }

        func remove(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            HTTPResponse(status: .noContent)
        }
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test("a path parameter is percent-decoded and reaches the handler")
    func parameters() async throws {
        let response = try await TaskHandler(prefix: "p").handle(
            HTTPRequest(method: .get, target: "/api/al%20ice/tasks?limit=3"), context: .forTesting())
        #expect(response.status == .ok)
        #expect(text(response) == "p list al ice")
    }

    @Test("two parameters are matched in order and a trailing slash is ignored")
    func twoParameters() async throws {
        let response = try await TaskHandler(prefix: "p").handle(
            HTTPRequest(method: .get, target: "/api/bob/tasks/42/"), context: .forTesting())
        #expect(text(response) == "bob 42")
    }

    @Test("a bad typed parameter is a 400 naming it")
    func badTypedParameter() async throws {
        let error = await #expect(throws: HTTPError.self) {
            try await TaskHandler(prefix: "p").handle(
                HTTPRequest(method: .get, target: "/api/bob/tasks/x"), context: .forTesting())
        }
        #expect(error?.status == .badRequest)
        #expect(error?.message.contains("'id'") == true)
    }

    @Test("an unknown path resolves to not found, a longer one too")
    func notFound() {
        let table = TaskHandler(prefix: "p").effectiveRouteTable()
        guard case .notFound = table.resolve(.get, path: "/api/bob/other") else {
            Issue.record("expected notFound")
            return
        }
        guard case .notFound = table.resolve(.get, path: "/api/bob/tasks/1/extra") else {
            Issue.record("expected notFound for a longer path")
            return
        }
    }

    @Test("a known path with another method lists the allowed methods")
    func methodNotAllowed() {
        let table = TaskHandler(prefix: "p").effectiveRouteTable()
        guard case .methodNotAllowed(let allowed) = table.resolve(.put, path: "/api/bob/tasks/1") else {
            Issue.record("expected methodNotAllowed")
            return
        }
        #expect(allowed == [.get, .head, .delete])
    }

    @Test("HEAD falls back to the GET route and the access mark is kept")
    func headAndAccess() throws {
        let table = TaskHandler(prefix: "p").effectiveRouteTable()
        guard case .matched(let entry, _) = table.resolve(.head, path: "/api/bob/tasks") else {
            Issue.record("expected a match")
            return
        }
        #expect(entry.pattern.text == "/api/{user}/tasks")
        #expect(entry.access == .public)
        guard case .matched(let removal, let parameters) = table.resolve(.delete, path: "/api/bob/tasks/7") else {
            Issue.record("expected a match")
            return
        }
        #expect(removal.access == .daprFacing)
        #expect(parameters["id"] == "7")
    }

    @Test("a plain function is one catch-all route")
    func catchAll() {
        let table = ClosureFunction { _, _ in HTTPResponse() }.effectiveRouteTable()
        guard case .matched(let entry, _) = table.resolve(.patch, path: "/anything/at/all") else {
            Issue.record("expected a match")
            return
        }
        #expect(entry.pattern.text == "*")
    }

    struct TopicSubscriber: RouteTableProviding {
        let topics: [String]

        func routeTable() -> RouteTable {
            RouteTable(
                topics.map { topic in
                    RouteTable.Entry(method: .post, pattern: RoutePattern("/events/\(topic)"), access: .daprFacing) {
                        _, context in HTTPResponse(contentType: "text/plain", text: "\(topic) \(context.route ?? "-")")
                    }
                })
        }
    }

    @Test("a table built at run time is dispatched, token-checked and labelled like static routes")
    func runtimeTable() async throws {
        var config = Configuration()
        config.appAPIToken = "tok"
        let client = FunctionTestClient(
            TopicSubscriber(topics: ["task-events", "reminder-events"]), configuration: config)
        let delivered = try await client.execute(.post, "/events/reminder-events", headers: ["dapr-api-token": "tok"])
        #expect(delivered.text == "reminder-events /events/reminder-events")
        #expect(try await client.execute(.post, "/events/task-events").status == .unauthorized)
        #expect(try await client.execute(.get, "/events/task-events").status == .methodNotAllowed)
        #expect(client.metricsText.contains(#"route="/events/reminder-events",method="POST",status="200"} 1"#))
        let direct = try? await TopicSubscriber(topics: ["a"]).handle(
            HTTPRequest(method: .post, target: "/events/a"), context: .forTesting())
        #expect(direct?.text == "a /events/a")
    }
}
