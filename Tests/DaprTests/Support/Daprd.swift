import Dapr
import HTTPClient
import HTTPServer

/// Runs a test body against a `FakeDaprd` served by the real `HTTPServer` on 127.0.0.1, port 0.
enum Daprd {
    /// Fast retries so retry tests stay quick.
    static let quickRetries = DaprRetryPolicy(
        maxAttempts: 3, initialBackoff: .milliseconds(2), maxBackoff: .milliseconds(5))

    static func with<T>(
        serverToken: String? = nil, clientToken: String? = nil, retryPolicy: DaprRetryPolicy = quickRetries,
        requestTimeout: Duration = .seconds(5),
        _ body: (FakeDaprd, HTTPDaprClient) async throws -> T
    ) async throws -> T {
        let daprd = FakeDaprd(apiToken: serverToken)
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 1
        configuration.handlesSignals = false
        configuration.shutdownGracePeriod = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, responder: daprd)
        let port = try server.start()
        defer { server.shutdown() }
        let client = HTTPDaprClient(
            endpoint: "http://127.0.0.1:\(port)/", apiToken: clientToken, httpClient: HTTPClient(),
            retryPolicy: retryPolicy, requestTimeout: requestTimeout)
        return try await body(daprd, client)
    }
}
