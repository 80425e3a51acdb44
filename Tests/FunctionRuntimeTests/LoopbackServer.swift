import FunctionRuntime
import FunctionTesting
import HTTPClient

/// A function served by `FunctionServer.run` over the real epoll server on a free port of 127.0.0.1, for tests that
/// call it with the real HTTP client.
enum LoopbackServer {
    /// Serves `function`, calls `body` with its base URL and a client, then cancels the server and waits for it.
    /// - Parameters:
    ///   - configure: changes to the configuration (host, port 0 and one worker are set first).
    ///   - onFirstResponse: passed to `HTTPServerTransport`.
    static func with(
        _ function: some HTTPFunction, configure: (inout Configuration) -> Void = { _ in },
        onFirstResponse: (@Sendable () -> Void)? = nil, _ body: (String, HTTPClient) async throws -> Void
    ) async throws {
        var config = Configuration()
        config.host = "127.0.0.1"
        config.port = 0
        config.workerCount = 1
        configure(&config)
        let configuration = config
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let client = HTTPClient()
        defer { client.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await FunctionServer.run(
                    function, configuration: configuration,
                    transport: HTTPServerTransport(
                        handlesSignals: false, onListening: { portSink.yield($0) }, onFirstResponse: onFirstResponse),
                    logHandler: TestLogHandler())
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            try await body("http://127.0.0.1:\(port)", client)
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}
