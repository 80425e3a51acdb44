import EmbeddedRuntime
import EmbeddedSeams
import FoundationEssentials
import HTTPClient
import HTTPServer
import HTTPTypes
import JSON
import Synchronization

/// A request the loopback app received, with the app-id the runtime addressed.
struct ReceivedRequest: Sendable {
    var appID: String
    var request: HTTPRequest
}

/// What the test app received.
final class Recorder: Sendable {
    let requests = Mutex<[ReceivedRequest]>([])
}

/// Answers the test app's requests through a closure.
struct ClosureResponder: HTTPResponder {
    let handler: @Sendable (String, HTTPRequest) async -> HTTPResponse
    let recorder: Recorder

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let appID = request.headers["x-test-app"] ?? ""
        var clean = request
        clean.headers.remove("x-test-app")
        recorder.requests.withLock { $0.append(ReceivedRequest(appID: appID, request: clean)) }
        return await handler(appID, clean)
    }
}

/// A runtime on a temporary data directory with resources written from strings, and one loopback HTTPServer
/// acting as every app behind a static AppChannel that uses HTTPClient.
final class RuntimeHarness: Sendable {
    let directory: String
    let client: HTTPClient
    let appServer: HTTPServer
    let appPort: Int
    let runtime: EmbeddedDaprRuntime
    private let responder: ClosureResponder

    static let defaultResources: [String: String] = [
        "pubsub.yaml": """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: ps}
        spec: {type: pubsub.in-memory, version: v1, metadata: []}
        """,
        "state.yaml": """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: s}
        spec: {type: state.redis, version: v1, metadata: []}
        """,
    ]

    /// Starts an app server and a runtime serving `apps` (the first is the caller of `url(_:)`).
    ///
    /// `delivery` keeps the runtime's 30 s delivery timeout by default: a shorter one turns a loaded machine's slow
    /// 200 into a retry, i.e. a duplicate. `clientTimeout` bounds the test's own calls to the Dapr API; calls to the
    /// app never time out before the delivery timeout.
    init(
        resources: [String: String] = RuntimeHarness.defaultResources, apps: [String] = ["a", "b"],
        directory: String? = nil, apiToken: String? = nil, appAPITokens: [String: String] = [:],
        delivery: DeliveryPolicy = DeliveryPolicy(initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100)),
        clientTimeout: Duration = .seconds(10),
        handler: @escaping @Sendable (String, HTTPRequest) async -> HTTPResponse = { _, _ in HTTPResponse(status: .ok) }
    ) async throws {
        let directory = directory ?? RuntimeHarness.makeTemporaryDirectory()
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory + "/dapr", withIntermediateDirectories: true)
        for (name, text) in resources {
            let text = text.replacing("$DIR", with: directory)
            _ = FileManager.default.createFile(atPath: directory + "/dapr/" + name, contents: Data(text.utf8))
        }
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.poolSize = 16
        clientConfiguration.requestTimeout = clientTimeout
        let client = HTTPClient(configuration: clientConfiguration)
        self.client = client
        let responder = ClosureResponder(handler: handler, recorder: Recorder())
        self.responder = responder
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = "127.0.0.1"
        serverConfiguration.port = 0
        serverConfiguration.workerCount = 1
        serverConfiguration.handlesSignals = false
        serverConfiguration.shutdownGracePeriod = .seconds(5)
        appServer = HTTPServer(configuration: serverConfiguration, responder: responder)
        let appPort = try appServer.start()
        self.appPort = appPort
        // The runtime's delivery timeout bounds a delivery, not the client's own: a transport timeout shorter than
        // it would abandon (and the runtime retry) a delivery the app is still processing and then answers 200.
        let appCallTimeout = max(delivery.timeout + .seconds(5), clientTimeout)
        let channel: AppChannel = { appID, request in
            var headers = request.headers
            headers["x-test-app"] = appID
            return try await client.execute(
                request.method, url: "http://127.0.0.1:\(appPort)\(request.target)", headers: headers,
                body: request.body, timeout: appCallTimeout)
        }
        runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory + "/data", resourcesDirectory: directory + "/dapr",
                apps: apps.map { .init(appID: $0) }, appChannel: channel, apiToken: apiToken,
                appAPITokens: appAPITokens, delivery: delivery),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
    }

    static func makeTemporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.path + "/embedded-runtime-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The URL of `path` on the Dapr API port of `app` (default: the first app).
    func url(_ path: String, app: String = "a") -> String { "http://127.0.0.1:\(runtime.apiPort(for: app))\(path)" }

    /// Sends a request to the Dapr API.
    func send(
        _ method: HTTPMethod, _ path: String, app: String = "a", headers: HTTPHeaders = [:], body: String = ""
    ) async throws -> HTTPResponse {
        try await client.execute(method, url: url(path, app: app), headers: headers, body: Array(body.utf8))
    }

    /// Everything the app received so far, except the runtime's `GET /dapr/subscribe` calls.
    var received: [ReceivedRequest] {
        responder.recorder.requests.withLock { $0 }.filter { $0.request.target != "/dapr/subscribe" }
    }

    /// The `GET /dapr/subscribe` calls the app received.
    var subscribeCalls: [ReceivedRequest] {
        responder.recorder.requests.withLock { $0 }.filter { $0.request.target == "/dapr/subscribe" }
    }

    /// Forgets what the app received.
    func clearReceived() { responder.recorder.requests.withLock { $0.removeAll() } }

    /// Waits until `condition` holds on what the app received (or the timeout passes); returns the last value.
    @discardableResult
    func waitUntil(
        timeout: Duration = .seconds(60), _ condition: @Sendable ([ReceivedRequest]) -> Bool
    ) async -> [ReceivedRequest] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = received
            if condition(current) { return current }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received
    }

    /// Stops the runtime and the app (the data directory stays, for restart tests).
    func stopRuntime() async {
        await runtime.stop()
    }

    /// Stops everything and removes the directory.
    func shutdown(removeDirectory: Bool = true) async {
        await runtime.stop()
        appServer.shutdown()
        try? await appServer.run()
        client.close()
        if removeDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

extension HTTPResponse {
    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The body as JSON (test helper; `.null` when it is not JSON).
    var json: JSONValue { (try? JSONValue.parse(body, lenient: true)) ?? .null }
}
