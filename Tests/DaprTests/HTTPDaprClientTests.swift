import FoundationEssentials
import HTTPClient
import HTTPTypes
import Testing

@testable import Dapr

@Suite("HTTPDaprClient secrets, invocation, bindings, health and auth against a loopback daprd")
struct HTTPDaprClientTests {
    @Test("reads one secret and all secrets")
    func secrets() async throws {
        try await Daprd.with { _, dapr in
            #expect(try await dapr.getSecret(store: "todo-secrets", key: "db:password") == ["db:password": "pw"])
            let all = try await dapr.getBulkSecrets(store: "todo-secrets")
            #expect(all["jwt"] == ["jwt": "s3cret"])
            #expect(all.count == 2)
        }
    }

    @Test("an unknown secret store is daprd's 401 ERR_SECRET_STORE_NOT_FOUND; a missing secret its 500 ERR_SECRET_GET")
    func secretErrors() async throws {
        try await Daprd.with { _, dapr in
            let unknown = await #expect(throws: DaprError.self) { try await dapr.getSecret(store: "nope", key: "x") }
            #expect(unknown?.code == .secretStoreNotFound)
            #expect(unknown?.httpStatus == 401)
            let missing = await #expect(throws: DaprError.self) {
                try await dapr.getSecret(store: "todo-secrets", key: "x")
            }
            #expect(missing?.code == .operationFailed)
            #expect(missing?.errorCode == "ERR_SECRET_GET")
        }
    }

    @Test("invokes /v1.0/invoke/{app}/method/{path} and passes the app's answer through, any status")
    func invoke() async throws {
        try await Daprd.with { _, dapr in
            let response = try await dapr.invoke(
                appID: "task-crud", method: "/internal/recurrences", httpMethod: .post, query: "x=1&y=a%20b",
                headers: ["Content-Type": "application/json"], body: Array("{}".utf8))
            #expect(response.status.code == 418)
            #expect(response.headers["X-Method"] == "POST")
            #expect(response.headers["X-Target"] == "/internal/recurrences?x=1&y=a%20b")
            #expect(response.body == Array("{}".utf8))
        }
    }

    @Test("daprd failing to reach the app (500 ERR_DIRECT_INVOKE) is thrown")
    func invokeUnknownApp() async throws {
        try await Daprd.with { _, dapr in
            let error = await #expect(throws: DaprError.self) {
                try await dapr.invoke(appID: "nobody", method: "x", httpMethod: .get)
            }
            #expect(error?.errorCode == "ERR_DIRECT_INVOKE")
        }
    }

    @Test("invokes an output binding: 200 with data and metadata headers, 204 with nothing")
    func bindings() async throws {
        try await Daprd.with { daprd, dapr in
            let answer = try await dapr.invokeBinding(
                name: "todo-out", operation: "create", data: Array(#"{"a":1}"#.utf8), metadata: ["k": "v"])
            #expect(answer.data == Array(#"{"a":1}"#.utf8))
            #expect(answer.metadata == ["operation": "create"])
            #expect(
                daprd.requests[0].body == Array(#"{"data":{"a":1},"operation":"create","metadata":{"k":"v"}}"#.utf8))
            let empty = try await dapr.invokeBinding(name: "todo-sink", operation: "create", data: nil)
            #expect(empty.data.isEmpty)
            let error = await #expect(throws: DaprError.self) {
                try await dapr.invokeBinding(name: "nope", operation: "create", data: nil)
            }
            #expect(error?.errorCode == "ERR_INVOKE_OUTPUT_BINDING")
        }
    }

    @Test("waitForSidecar polls /v1.0/healthz/outbound until it answers 204")
    func waitsForSidecar() async throws {
        try await Daprd.with { daprd, dapr in
            daprd.failHealth(times: 2)
            // Three polls 100 ms apart; the timeout only has to outlast a test process starved by its neighbours.
            try await dapr.waitForSidecar(timeout: .seconds(60))
            #expect(daprd.requests.count == 3)
            #expect(daprd.requests.allSatisfy { $0.path == "/v1.0/healthz/outbound" })
        }
    }

    @Test("waitForSidecar gives up after its timeout with .sidecarUnavailable")
    func sidecarTimeout() async throws {
        try await Daprd.with { daprd, dapr in
            daprd.failHealth(times: 1000)
            let start = ContinuousClock.now
            let error = await #expect(throws: DaprError.self) {
                try await dapr.waitForSidecar(timeout: .milliseconds(300))
            }
            #expect(error?.code == .sidecarUnavailable)
            // A hang would mean 1,000 failed polls (100 s and more); the bound leaves a loaded machine room.
            #expect(ContinuousClock.now - start < .seconds(30), "gives up: the 300 ms timeout, not a hang")
        }
    }

    @Test("without the API token daprd answers 401 text/plain: .unauthorized; with it the call succeeds")
    func apiToken() async throws {
        try await Daprd.with(serverToken: "s") { _, dapr in
            let error = await #expect(throws: DaprError.self) {
                try await dapr.getState(store: "todo-statestore", key: "k")
            }
            #expect(error?.code == .unauthorized)
            #expect(error?.message == "invalid api token")
            try await dapr.waitForSidecar(timeout: .seconds(1))  // health is token-exempt
        }
        try await Daprd.with(serverToken: "s", clientToken: "s") { daprd, dapr in
            try await dapr.saveState(store: "todo-statestore", key: "k", value: 1)
            #expect(daprd.requests.first?.headers["dapr-api-token"] == "s")
        }
    }

    @Test("a refused connection is .connection, after the policy's retries")
    func connectionRefused() async throws {
        let dapr = HTTPDaprClient(endpoint: "http://127.0.0.1:1", retryPolicy: Daprd.quickRetries)
        let error = await #expect(throws: DaprError.self) { try await dapr.getState(store: "s", key: "k") }
        #expect(error?.code == .connection)
    }

    @Test("empty names are rejected before sending")
    func emptyNames() async throws {
        try await Daprd.with { daprd, dapr in
            let error = await #expect(throws: DaprError.self) {
                try await dapr.publish(pubsub: "", topic: "t", data: [], contentType: "text/plain")
            }
            #expect(error?.code == .invalidArgument)
            #expect(daprd.requests.isEmpty)
        }
    }
}

@Suite("HTTPDaprClient building blocks")
struct HTTPDaprClientBuildingBlockTests {
    @Test(
        "picks DAPR_HTTP_ENDPOINT, else 127.0.0.1 and DAPR_HTTP_PORT, else 3500",
        arguments: [
            ("https://dapr.example:443", 3501, "https://dapr.example:443"),
            ("", 3501, "http://127.0.0.1:3501"),
            (nil, nil, "http://127.0.0.1:3500"),
        ] as [(String?, Int?, String)])
    func endpoint(endpoint: String?, port: Int?, expected: String) {
        #expect(HTTPDaprClient.endpoint(daprHTTPEndpoint: endpoint, daprHTTPPort: port) == expected)
    }

    @Test("encodes path parameters and metadata query parameters")
    func encoding() {
        #expect(HTTPDaprClient.segment("idempotency:audit-log:a+b/c d") == "idempotency%3Aaudit-log%3Aa%2Bb%2Fc%20d")
        #expect(
            HTTPDaprClient.metadataQuery(
                ["ttlInSeconds": "60", "partitionKey": "a b"], extra: [("consistency", "strong")])
                == "?consistency=strong&metadata.partitionKey=a%20b&metadata.ttlInSeconds=60")
        #expect(HTTPDaprClient.metadataQuery([:]) == "")
    }

    @Test(
        "maps daprd's status and errorCode to a Code",
        arguments: [
            (404, "ERR_PUBSUB_NOT_FOUND", DaprError.Code.pubsubNotFound),
            (400, "ERR_PUBSUB_NOT_FOUND", .pubsubNotFound),
            (403, "ERR_PUBSUB_FORBIDDEN", .forbidden),
            (400, "ERR_STATE_STORE_NOT_FOUND", .stateStoreNotFound),
            (500, "ERR_STATE_STORE_NOT_CONFIGURED", .stateStoreNotFound),
            (409, "ERR_STATE_SAVE", .etagMismatch),
            (400, "ERR_STATE_SAVE", .etagInvalid),
            (500, "ERR_STATE_SAVE", .operationFailed),
            (400, "ERR_MALFORMED_REQUEST", .badRequest),
            (401, "ERR_SECRET_STORE_NOT_FOUND", .secretStoreNotFound),
            (404, "ERR_DIRECT_INVOKE", .routeNotFound),
            (500, "DAPR_SCHEDULER_SCHEDULE_JOB", .operationFailed),
        ])
    func errorMapping(status: Int, tag: String, code: DaprError.Code) {
        let response = FakeDaprd.error(status, tag, "m")
        let error = DaprError.response(response)
        #expect(error.code == code)
        #expect(error.errorCode == tag)
        #expect(error.message == "m")
    }

    @Test("reads daprd's standardised errors with details, and a text 401")
    func errorShapes() {
        let body = #"{"errorCode":"ERR_PUBSUB_NOT_FOUND","message":"pubsub x is not found","details":[{"@type":"t"}]}"#
        let detailed = DaprError.response(HTTPResponse(status: .notFound, body: Array(body.utf8)))
        #expect(detailed.code == .pubsubNotFound)
        #expect(detailed.message == "pubsub x is not found")
        let text = DaprError.response(
            HTTPResponse(status: .unauthorized, contentType: "text/plain", text: "invalid api token\n"))
        #expect(text.code == .unauthorized)
        #expect(text.errorCode == nil)
        #expect(text.message == "invalid api token")
        #expect(
            DaprError.response(HTTPResponse(status: .conflict), conflict: .jobAlreadyExists).code == .jobAlreadyExists)
    }

    @Test("maps HTTPClient failures")
    func transportMapping() {
        #expect(DaprError.transport(HTTPClientError(code: .connect, message: "refused")).code == .connection)
        #expect(DaprError.transport(HTTPClientError(code: .timeout, message: "slow")).code == .timeout)
        #expect(DaprError.transport(HTTPClientError(code: .transport, message: "x")).code == .transport)
    }

    @Test("backs off within the policy's ceiling")
    func backoff() {
        let policy = DaprRetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(300))
        for attempt in 1...4 {
            let ceiling = min(Duration.milliseconds(300), .milliseconds(100 * (1 << (attempt - 1))))
            #expect(policy.backoff(afterAttempt: attempt) <= ceiling)
        }
    }

    @Test("writes JSON with escapes and embedded raw values")
    func writer() {
        var writer = JSONBodyWriter()
        writer.beginObject()
        writer.key("s")
        writer.string("a\"b\\c\n\u{01}é")
        writer.key("r")
        writer.raw(Array("[1,2]".utf8))
        writer.key("a")
        writer.beginArray()
        writer.integer(1)
        writer.bool(false)
        writer.endArray()
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"s":"a\"b\\c\n\u0001é","r":[1,2],"a":[1,false]}"#)
    }
}
