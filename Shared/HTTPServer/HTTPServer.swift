package import HTTPTypes

// API CONTRACT (skeleton): the server helper replaces the bodies; the signatures are what other targets use.

/// What the server calls once per complete request.
///
/// ```swift
/// struct Hello: HTTPResponder {
///     func respond(to request: HTTPRequest) async -> HTTPResponse { HTTPResponse(contentType: "text/plain", text: "hi") }
/// }
/// ```
package protocol HTTPResponder: Sendable {
    /// Answers one request; the server writes the response.
    func respond(to request: HTTPRequest) async -> HTTPResponse
}

/// Limits, timeouts and threads of an `HTTPServer`.
package struct HTTPServerConfiguration: Sendable {
    package var host: String = "0.0.0.0"
    /// 0 picks a free port (tests).
    package var port: Int = 8080
    /// Event-loop threads; defaults to the number of cores.
    package var workerCount: Int = HTTPServerConfiguration.defaultWorkerCount
    /// Request line plus headers; over it → 431.
    package var maxHeadBytes: Int = 16 * 1024
    /// Header fields per request; over it → 431.
    package var maxHeaderCount: Int = 100
    /// Body bytes; over it → 413 without reading the body.
    package var maxBodyBytes: Int = 4 * 1024 * 1024
    /// Time allowed to receive a whole request head once its first byte arrived (slowloris guard).
    package var headTimeout: Duration = .seconds(10)
    /// Time allowed to receive a whole body once the head is in.
    package var bodyTimeout: Duration = .seconds(30)
    /// Time a keep-alive connection may sit with no request in flight.
    package var idleTimeout: Duration = .seconds(60)
    /// How long in-flight requests may run after shutdown begins.
    package var shutdownGracePeriod: Duration = .seconds(10)
    /// Whether `run()` begins a graceful shutdown on SIGTERM and SIGINT.
    package var handlesSignals: Bool = true

    package init() {}

    package static var defaultWorkerCount: Int { 2 }
}

/// An HTTP/1.1 server: epoll event loops, parsing by libhttp-parser.
package final class HTTPServer: Sendable {
    package let configuration: HTTPServerConfiguration

    /// Creates a server; nothing is bound until `start()`.
    package init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
    }

    /// Binds and starts the loops; returns the bound port.
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    @discardableResult
    package func start() throws -> Int { 0 }

    /// Starts if needed and returns when the server has shut down (after a signal or `shutdown()`).
    package func run() async throws {}

    /// Begins a graceful shutdown: stop accepting, let in-flight requests finish within the grace period.
    package func shutdown() {}
}
