import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Testing

@Suite struct AppTokenTests {
    struct Handler: RoutedFunction {
        static let routes = Router<Self>()
            .post("/events", Self.ok)
            .get("/api/tasks", access: .public, Self.ok)

        func ok(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            HTTPResponse(status: .ok)
        }
    }

    private func client(token: String?) -> FunctionTestClient {
        var config = Configuration()
        config.appAPIToken = token
        return FunctionTestClient(Handler(), configuration: config)
    }

    @Test("a Dapr-facing route without the token, or with a wrong one, is a JSON 401")
    func rejected() async throws {
        let client = client(token: "s3cret")
        for headers: HTTPHeaders in [
            [:], ["dapr-api-token": "s3cre"], ["dapr-api-token": "s3cret!"], ["dapr-api-token": ""],
        ] {
            let response = try await client.execute(.post, "/events", headers: headers)
            #expect(response.status == .unauthorized)
            #expect(response.errorMessage == "missing or invalid dapr-api-token")
        }
    }

    @Test("the right token passes, whatever the header name's case")
    func accepted() async throws {
        let response = try await client(token: "s3cret").execute(.post, "/events", headers: ["Dapr-Api-Token": "s3cret"])
        #expect(response.status == .ok)
    }

    @Test("health, metrics and public routes need no token")
    func exempt() async throws {
        let client = client(token: "s3cret")
        for path in [
            "/health/liveness", "/health/readiness", "/_/health", "/_/ready", "/health", "/metrics", "/api/tasks",
        ] {
            #expect(try await client.execute(.get, path).status == .ok, "\(path)")
        }
    }

    @Test("without APP_API_TOKEN nothing is checked")
    func unset() async throws {
        #expect(try await client(token: nil).execute(.post, "/events").status == .ok)
    }

    @Test("a Dapr-facing route or /metrics reached through the ingress is 403, even with the right token")
    func throughIngress() async throws {
        for token in ["s3cret", nil] {
            let client = client(token: token)
            let marked: HTTPHeaders = ["todofn-ingress": "1", "dapr-api-token": "s3cret"]
            #expect(try await client.execute(.post, "/events", headers: marked).status == .forbidden)
            #expect(try await client.execute(.get, "/metrics", headers: marked).status == .forbidden)
            #expect(try await client.execute(.get, "/api/tasks", headers: marked).status == .ok)
        }
    }

    @Test("a target the ingress would refuse is a JSON 400 here too, before any route is chosen")
    func refusedTargets() async throws {
        let client = client(token: "s3cret")
        for target in ["/api/../events", "/api/%2e%2e/events", "/api%2Ftasks", "/api//tasks", "/api\\tasks", "/api/tasks%00"] {
            let response = try await client.execute(.post, target, headers: ["dapr-api-token": "s3cret"])
            #expect(response.status == .badRequest, "\(target)")
        }
    }
}
