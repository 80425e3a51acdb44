import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Synchronization
import Testing

@Suite struct HealthTests {
    @Test(
        "every probe path answers 200 {\"status\":\"ok\"} as JSON",
        arguments: [
            "/health/liveness", "/health/readiness", "/health", "/_/health", "/_/ready",
        ])
    func probes(path: String) async throws {
        let client = FunctionTestClient(ClosureFunction { _, _ in HTTPResponse(status: .teapot) })
        let response = try await client.execute(.get, path)
        #expect(response.status == .ok)
        #expect(response.text == #"{"status":"ok"}"#)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(try await client.execute(.head, path).status == .ok)
    }

    @Test("a failing readiness hook turns the readiness probes into 503 while liveness stays 200")
    func readinessHook() async throws {
        let ready = Atomic<Bool>(false)
        let client = FunctionTestClient(
            ClosureFunction { _, _ in HTTPResponse(status: .ok) },
            readiness: Readiness { ready.load(ordering: .relaxed) })
        #expect(try await client.execute(.get, "/health/readiness").status == .serviceUnavailable)
        #expect(try await client.execute(.get, "/_/ready").status == .serviceUnavailable)
        #expect(try await client.execute(.get, "/health/liveness").status == .ok)
        #expect(try await client.execute(.get, "/_/health").status == .ok)
        ready.store(true, ordering: .relaxed)
        #expect(try await client.execute(.get, "/health/readiness").status == .ok)
    }

    @Test("a POST to a probe path goes to the function, not the probe")
    func onlyGet() async throws {
        let client = FunctionTestClient(ClosureFunction { _, _ in HTTPResponse(status: .teapot) })
        #expect(try await client.execute(.post, "/health").status == .teapot)
    }
}

extension HTTPStatus {
    static let teapot = HTTPStatus(code: 418)
}
