import EmbeddedRuntime
import EmbeddedSeams
import FoundationEssentials
import HTTPClient
import HTTPTypes
import JSON
import Testing

@Suite("Dapr API routing, token and health")
struct DaprAPIResponderTests {
    @Test("an unknown route or a wrong method falls back to 404 ERR_DIRECT_INVOKE")
    func fallback() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        for (method, path) in [(HTTPMethod.get, "/v1.0/does-not-exist"), (.get, "/v1.0/publish/ps/t"), (.get, "/v1.0/invoke/")] {
            let response = try await harness.send(method, path)
            #expect(response.status.code == 404)
            #expect(response.json["errorCode"] == .string("ERR_DIRECT_INVOKE"))
            #expect(response.headers["Content-Type"] == "application/json")
        }
    }

    @Test("healthz answers 204 and is exempt from the API token; other routes need it")
    func token() async throws {
        let harness = try await RuntimeHarness(apiToken: "s")
        defer { Task { await harness.shutdown() } }
        #expect(try await harness.send(.get, "/v1.0/healthz").status.code == 204)
        #expect(try await harness.send(.get, "/v1.0/healthz/outbound").status.code == 204)
        let denied = try await harness.send(.get, "/v1.0/metadata")
        #expect(denied.status.code == 401)
        #expect(denied.text == "invalid api token\n")
        #expect(denied.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        let allowed = try await harness.send(.get, "/v1.0/metadata", headers: ["dapr-api-token": "s"])
        #expect(allowed.status.code == 200)
    }

    @Test("healthz with another app id answers 500 ERR_HEALTH_APPID_NOT_MATCH")
    func healthAppID() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        let response = try await harness.send(.get, "/v1.0/healthz?appid=other")
        #expect(response.status.code == 500)
        #expect(response.json["errorCode"] == .string("ERR_HEALTH_APPID_NOT_MATCH"))
        #expect(try await harness.send(.get, "/v1.0/healthz?appid=a").status.code == 204)
    }

    @Test("metadata lists the app id and components, and PUT stores an extended attribute")
    func metadata() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        #expect(try await harness.send(.put, "/v1.0/metadata/foo", body: "bar").status.code == 204)
        let response = try await harness.send(.get, "/v1.0/metadata")
        #expect(response.json["id"] == .string("a"))
        #expect(response.json["extended"]?["foo"] == .string("bar"))
        let names = (response.json["components"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.sorted()
        #expect(names == ["ps", "s"])
    }
}

@Suite("Extra API modules")
struct ExtraModuleTests {
    @Test("an extra module answers its own routes with the caller's app id; others fall through")
    func module() async throws {
        let directory = RuntimeHarness.makeTemporaryDirectory()
        let module: DaprAPIModule = { request, appID in
            request.target.hasPrefix("/v1.0-alpha1/jobs/")
                ? HTTPResponse(status: .ok, contentType: "text/plain", text: "job for \(appID)") : nil
        }
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory, apps: [.init(appID: "a")], appChannel: { _, _ in HTTPResponse() },
                extraModules: [module]),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
        let client = HTTPClient()
        let base = "http://127.0.0.1:\(runtime.apiPort(for: "a"))"
        let job = try await client.execute(.get, url: base + "/v1.0-alpha1/jobs/j1")
        #expect(String(decoding: job.body, as: UTF8.self) == "job for a")
        let other = try await client.execute(.get, url: base + "/v1.0/nothing")
        #expect(other.status.code == 404)
        let noPubsub = try await client.execute(.post, url: base + "/v1.0/publish/ps/t", body: Array("x".utf8))
        #expect(noPubsub.status.code == 404)
        client.close()
        await runtime.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
