import EmbeddedRuntime
import FoundationEssentials
import HTTPClient
import HTTPTypes
import JSON
import Testing

/// The checks in front of every Dapr API port (`APIGuard`), secret scopes and invocation access control.
@Suite("Sealed Dapr API: Host, Origin, per-port tokens, secret scopes, access control")
struct SealedAPITests {
    @Test("a foreign or missing Host is refused before the token is looked at; loopback names pass")
    func host() async throws {
        let harness = try await RuntimeHarness(apiToken: "s")
        defer { Task { await harness.shutdown() } }
        for host in ["evil.example", "evil.example:3500", "127.0.0.1.evil.example", "10.0.0.1", "localhost.", "[::2]"] {
            let response = try await harness.send(.get, "/v1.0/metadata", headers: ["Host": host, "dapr-api-token": "s"])
            #expect(response.status.code == 403, "\(host)")
            #expect(response.json["errorCode"] == .string("ERR_HOST_NOT_ALLOWED"))
        }
        for host in ["localhost", "LOCALHOST:1", "127.0.0.1", "127.1.2.3:3500", "[::1]", "[::1]:3500"] {
            let response = try await harness.send(.get, "/v1.0/metadata", headers: ["Host": host, "dapr-api-token": "s"])
            #expect(response.status.code == 200, "\(host)")
        }
    }

    @Test("a browser-shaped request (Origin, Sec-Fetch-*) is refused even with the token, healthz too")
    func browser() async throws {
        let harness = try await RuntimeHarness(apiToken: "s")
        defer { Task { await harness.shutdown() } }
        for header in ["Origin", "Sec-Fetch-Site", "Sec-Fetch-Mode"] {
            for path in ["/v1.0/metadata", "/v1.0/healthz"] {
                let response = try await harness.send(.get, path, headers: [header: "x", "dapr-api-token": "s"])
                #expect(response.status.code == 403, "\(header) \(path)")
                #expect(response.json["errorCode"] == .string("ERR_BROWSER_REQUEST"))
            }
        }
    }

    @Test("each app's port takes its own token; another port's token is 401")
    func perPortTokens() async throws {
        let harness = try await RuntimeHarness(apiToken: "shared", appAPITokens: ["a": "token-a"])
        defer { Task { await harness.shutdown() } }
        #expect(
            try await harness.send(.get, "/v1.0/metadata", app: "a", headers: ["dapr-api-token": "token-a"]).status.code == 200)
        #expect(
            try await harness.send(.get, "/v1.0/metadata", app: "a", headers: ["dapr-api-token": "shared"]).status.code == 401)
        #expect(
            try await harness.send(.get, "/v1.0/metadata", app: "b", headers: ["dapr-api-token": "token-a"]).status.code == 401)
        #expect(
            try await harness.send(.get, "/v1.0/metadata", app: "b", headers: ["dapr-api-token": "shared"]).status.code == 200)
    }

    static let scopedResources: [String: String] = {
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
            """
        resources["config.yaml"] = """
            apiVersion: dapr.io/v1alpha1
            kind: Configuration
            metadata: {name: todo-config}
            spec:
              secrets:
                scopes:
                  - {storeName: local, defaultAccess: deny}
              accessControl:
                defaultAction: deny
                policies:
                  - appId: a
                    defaultAction: allow
                    operations:
                      - {name: /internal/push, httpVerb: [POST], action: allow}
                      - {name: /api/private/**, httpVerb: ["*"], action: deny}
            ---
            apiVersion: dapr.io/v1alpha1
            kind: Configuration
            metadata: {name: a-config}
            spec:
              secrets:
                scopes:
                  - {storeName: local, defaultAccess: allow, deniedSecrets: [token]}
            """
        return resources
    }()

    static func scopedHarness() async throws -> RuntimeHarness {
        let directory = RuntimeHarness.makeTemporaryDirectory()
        _ = FileManager.default.createFile(
            atPath: directory + "/secrets.json", contents: Data(#"{"key":"k","token":"t"}"#.utf8))
        return try await RuntimeHarness(resources: scopedResources, apps: ["a", "b", "c"], directory: directory)
    }

    @Test("secret scopes: the app's own <app-id>-config, else todo-config; denied is 403, bulk leaves it out")
    func secretScopes() async throws {
        let harness = try await Self.scopedHarness()
        defer { Task { await harness.shutdown() } }
        #expect(try await harness.send(.get, "/v1.0/secrets/local/key", app: "a").json == .object(["key": .string("k")]))
        let denied = try await harness.send(.get, "/v1.0/secrets/local/token", app: "a")
        #expect(denied.status.code == 403)
        #expect(denied.json["errorCode"] == .string("ERR_PERMISSION_DENIED"))
        #expect(
            try await harness.send(.get, "/v1.0/secrets/local/bulk", app: "a").json
                == .object(["key": .object(["key": .string("k")])]))
        #expect(try await harness.send(.get, "/v1.0/secrets/local/key", app: "b").status.code == 403)
        #expect(try await harness.send(.get, "/v1.0/secrets/local/bulk", app: "b").json == .object([:]))
    }

    @Test("access control: Dapr-facing routes only by an explicit allow; policy and global defaults for the rest")
    func accessControl() async throws {
        let harness = try await Self.scopedHarness()
        defer { Task { await harness.shutdown() } }
        // a → b: a's policy allows by default, but not the Dapr-facing routes or the denied subtree.
        #expect(try await harness.send(.get, "/v1.0/invoke/b/method/api/items", app: "a").status.code == 200)
        for (method, path) in [
            (HTTPMethod.post, "events/t"), (.post, "ev%65nts/t"), (.post, "job/j"), (.get, "dapr/subscribe"),
            (.post, "internal/other"), (.get, "api/private/x"), (.get, "api/private"), (.get, "internal/push"),
            (.get, "%61pi/private/x"),
            (.post, "api/%2e%2e/events/t"),
        ] {
            let response = try await harness.send(method, "/v1.0/invoke/b/method/" + path, app: "a")
            #expect(response.status.code == 403, "\(method) \(path)")
        }
        #expect(try await harness.send(.post, "/v1.0/invoke/b/method/internal/push", app: "a").status.code == 200)
        // c has no policy: the global defaultAction (deny).
        #expect(try await harness.send(.get, "/v1.0/invoke/b/method/api/items", app: "c").status.code == 403)
        // Refused methods never reach the app, whatever the policy.
        for path in ["api%3Fx", "api/x%2F..%2Fy", "api%09x"] {
            #expect(try await harness.send(.get, "/v1.0/invoke/b/method/" + path, app: "a").status.code == 400, "\(path)")
        }
        let reached = harness.received.map { "\($0.request.method) \($0.request.target)" }
        #expect(reached == ["GET /api/items", "POST /internal/push"])
    }

    @Test("without a Configuration, invocation of a Dapr-facing route is still denied, and the caller headers are the runtime's")
    func defaultDeny() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        for path in ["events/t", "job/x", "dapr/subscribe", "internal/push", "Events/t"] {
            #expect(try await harness.send(.post, "/v1.0/invoke/b/method/" + path).status.code == 403, "\(path)")
        }
        let response = try await harness.send(
            .get, "/v1.0/invoke/a/method/api", headers: ["dapr-caller-app-id": "task-crud", "todofn-ingress": "1"])
        #expect(response.status.code == 200)
        let seen = try #require(harness.received.last?.request)
        #expect(seen.headers["dapr-caller-app-id"] == nil && seen.headers["todofn-ingress"] == nil)
    }
}
