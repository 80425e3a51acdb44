import EmbeddedRuntime
import FoundationEssentials
import HTTPClient
import HTTPTypes
import JSON
import Synchronization
import Testing

@Suite("Runtime wiring: programmatic subscriptions, invocation, secrets, cron, extra modules")
struct EmbeddedDaprRuntimeTests {
    static let subscribeAnswer = #"""
        [{"pubsubname":"ps","topic":"orders","route":"/a","routes":{"default":"/b"}},
         {"pubsubname":"ps","topic":"raw","route":"/raw","metadata":{"rawPayload":"true"}}]
        """#

    @Test("programmatic subscriptions are fetched once, cached, and routes.default wins over route")
    func programmatic() async throws {
        let handler: @Sendable (String, HTTPRequest) async -> HTTPResponse = { appID, request in
            if request.target == "/dapr/subscribe" {
                return appID == "b"
                    ? HTTPResponse(status: .ok, contentType: "application/json", text: Self.subscribeAnswer)
                    : HTTPResponse(status: .notFound)
            }
            return HTTPResponse(status: .ok)
        }
        let first = try await RuntimeHarness(handler: handler)
        #expect(first.subscribeCalls.count == 2)
        #expect(first.subscribeCalls.allSatisfy { $0.request.headers["Dapr-App-Id"] == $0.appID })
        _ = try await first.send(.post, "/v1.0/publish/ps/orders", body: "x")
        _ = try await first.send(.post, "/v1.0/publish/ps/raw?metadata.rawPayload=true", body: "abc")
        let received = await first.waitUntil { $0.count >= 2 }
        #expect(Set(received.map(\.request.target)) == ["/b", "/raw"])
        let raw = try #require(received.first { $0.request.target == "/raw" })
        let event = try JSONValue.parse(raw.request.body, lenient: true)
        #expect(event["data_base64"] == .string("YWJj"))
        #expect(event["datacontenttype"] == .string("application/octet-stream"))
        let metadata = try await first.send(.get, "/v1.0/metadata", app: "b")
        #expect(metadata.json["subscriptions"]?.arrayValue?.count == 2)
        await first.shutdown(removeDirectory: false)
        let second = try await RuntimeHarness(directory: first.directory, handler: handler)
        defer { Task { await second.shutdown() } }
        #expect(second.subscribeCalls.isEmpty)
        #expect(second.runtime.subscriptions.count == 2)
    }

    @Test("invocation forwards method, path, raw query and body, and passes the answer through")
    func invocation() async throws {
        let harness = try await RuntimeHarness { appID, request in
            HTTPResponse(
                status: HTTPStatus(code: 418), headers: ["X-A": "1", "X-Target": request.target, "X-App": appID],
                body: Array("teapot".utf8))
        }
        defer { Task { await harness.shutdown() } }
        let response = try await harness.send(.get, "/v1.0/invoke/b/method/api/items/?x=1&y=a%20b")
        #expect(response.status.code == 418)
        #expect(response.text == "teapot")
        #expect(response.headers["X-A"] == "1")
        #expect(response.headers["X-Target"] == "/api/items?x=1&y=a%20b")
        let request = try #require(harness.received.last).request
        #expect(request.headers["dapr-caller-app-id"] == "a")
        #expect(request.headers["dapr-callee-app-id"] == "b")
        let byHeader = try await harness.send(.post, "/orders", headers: ["dapr-app-id": "b"], body: "{}")
        #expect(byHeader.headers["X-Target"] == "/orders")
        #expect(try #require(harness.received.last).request.headers["dapr-app-id"] == nil)
        let unknown = try await harness.send(.get, "/v1.0/invoke/nobody/method/x")
        #expect(unknown.status.code == 500)
        #expect(unknown.json["errorCode"] == .string("ERR_DIRECT_INVOKE"))
    }

    @Test("stopping the runtime answers an invocation still waiting for its app")
    func invocationDuringStop() async throws {
        let harness = try await RuntimeHarness { _, request in
            if request.target == "/slow" { try? await Task.sleep(for: .seconds(60)) }
            return HTTPResponse(status: .ok)
        }
        defer { Task { await harness.shutdown() } }
        let start = ContinuousClock.now
        let pending = Task { try await harness.send(.get, "/v1.0/invoke/b/method/slow") }
        try await Task.sleep(for: .milliseconds(200))
        await harness.runtime.stop()
        let response = try await pending.value
        #expect(response.status.code == 500)
        #expect(response.json["errorCode"] == .string("ERR_DIRECT_INVOKE"))
        #expect(ContinuousClock.now - start < .seconds(30), "answered by the stop, not by the app's 60 s")
    }

    @Test("secrets: local file format, bulk, missing secret 500, unknown store 401")
    func secrets() async throws {
        var resources = RuntimeHarness.defaultResources
        resources["secrets.yaml"] = """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: local}
            spec:
              type: secretstores.local.file
              version: v1
              metadata:
              - {name: secretsFile, value: "$DIR/secrets.json"}
            ---
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: k8s}
            spec: {type: secretstores.kubernetes, version: v1, metadata: []}
            """
        let directory = RuntimeHarness.makeTemporaryDirectory()
        _ = FileManager.default.createFile(
            atPath: directory + "/secrets.json", contents: Data(#"{"redis":{"password":"pw"}}"#.utf8))
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: directory + "/data/secrets.json", contents: Data(#"{"jwt":"dev"}"#.utf8))
        let harness = try await RuntimeHarness(resources: resources, directory: directory)
        defer { Task { await harness.shutdown() } }
        let one = try await harness.send(.get, "/v1.0/secrets/local/redis:password")
        #expect(one.status.code == 200)
        #expect(one.json == .object(["redis:password": .string("pw")]))
        #expect(
            try await harness.send(.get, "/v1.0/secrets/local/bulk").json
                == .object(["redis:password": .object(["redis:password": .string("pw")])]))
        #expect(try await harness.send(.get, "/v1.0/secrets/k8s/jwt").json == .object(["jwt": .string("dev")]))
        let missing = try await harness.send(.get, "/v1.0/secrets/local/nope")
        #expect(missing.status.code == 500)
        #expect(missing.json["errorCode"] == .string("ERR_SECRET_GET"))
        let unknown = try await harness.send(.get, "/v1.0/secrets/unknownstore/x")
        #expect(unknown.status.code == 401)
        #expect(unknown.json["errorCode"] == .string("ERR_SECRET_STORE_NOT_FOUND"))
    }

    @Test("a cron binding POSTs /<name> with an empty body to the scoped app")
    func cron() async throws {
        var resources = RuntimeHarness.defaultResources
        resources["cron.yaml"] = """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: tick}
            spec:
              type: bindings.cron
              version: v1
              metadata:
              - {name: schedule, value: "@every 1s"}
            scopes: [b]
            """
        let harness = try await RuntimeHarness(resources: resources)
        defer { Task { await harness.shutdown() } }
        let received = await harness.waitUntil(timeout: .seconds(3)) { $0.contains { $0.request.target == "/tick" } }
        let tick = try #require(received.first { $0.request.target == "/tick" })
        #expect(tick.appID == "b")
        #expect(tick.request.method == .post)
        #expect(tick.request.body.isEmpty)
        #expect(tick.request.headers.contains("Readtimeutc"))
    }
}

@Suite("Start-up errors")
struct StartupErrorTests {
    @Test("a YAML typo fails the start with the file and line")
    func yamlTypo() async throws {
        let directory = RuntimeHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/dapr", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: directory + "/dapr/broken.yaml",
            contents: Data(
                "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: x}\nspec:\n  tpye: state.redis\n  version: v1\n  metadata: []\n"
                    .utf8))
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory + "/data", resourcesDirectory: directory + "/dapr", apps: [.init(appID: "a")],
                appChannel: { _, _ in HTTPResponse() }),
            logger: RuntimeLogger(minimumLevel: .error))
        do {
            try await runtime.start()
            Issue.record("start should fail")
            await runtime.stop()
        } catch {
            #expect("\(error)".contains("broken.yaml:"))
        }
    }

    @Test("a /dapr/subscribe answer other than 200 means no subscriptions")
    func subscribeNoContent() async throws {
        let harness = try await RuntimeHarness { _, request in
            request.target == "/dapr/subscribe"
                ? HTTPResponse(status: .noContent) : HTTPResponse(status: .ok)
        }
        defer { Task { await harness.shutdown() } }
        #expect(harness.runtime.subscriptions.isEmpty)
        #expect(harness.subscribeCalls.count == 2)
    }
}

@Suite("The repository's own dapr/ folder")
struct RepositoryResourcesTests {
    @Test("the dapr/ folder loads: pubsub, state, secrets and the cron binding map to embedded implementations")
    func repositoryFolder() async throws {
        let repository = String(#filePath.split(separator: "/Tests/", maxSplits: 1)[0])
        let directory = RuntimeHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = FileManager.default.createFile(
            atPath: directory + "/secrets.json",
            contents: Data(#"{"redis":{"redis-password":"dev"},"jwt-signing-key":"k"}"#.utf8))
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory, resourcesDirectory: repository + "/dapr", apps: [.init(appID: "task-crud")],
                appChannel: { _, _ in HTTPResponse(status: .notFound) }),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
        let client = HTTPClient()
        let base = "http://127.0.0.1:\(runtime.apiPort(for: "task-crud"))"
        let metadata = try await client.execute(.get, url: base + "/v1.0/metadata")
        let names = ((try? JSONValue.parse(metadata.body, lenient: true))?["components"]?.arrayValue ?? []).compactMap {
            $0["name"]?.stringValue
        }
        #expect(Set(names) == ["outbox-relay-cron", "todo-pubsub", "todo-secrets", "todo-statestore"])
        #expect(
            try await client.execute(.post, url: base + "/v1.0/publish/todo-pubsub/task-events", body: Array("{}".utf8)).status
                .code == 204)
        #expect(
            try await client.execute(
                .post, url: base + "/v1.0/state/todo-statestore", body: Array(#"[{"key":"k","value":1}]"#.utf8)
            ).status.code == 204)
        // task-crud-config scopes the store: the JWT key, nothing else.
        let secret = try await client.execute(.get, url: base + "/v1.0/secrets/todo-secrets/jwt-signing-key")
        #expect(String(decoding: secret.body, as: UTF8.self) == #"{"jwt-signing-key":"k"}"#)
        let denied = try await client.execute(.get, url: base + "/v1.0/secrets/todo-secrets/redis:redis-password")
        #expect(denied.status.code == 403)
        client.close()
        await runtime.stop()
    }
}
