import FoundationEssentials
package import FunctionRuntime
package import HTTPTypes
import JSON

/// Calls a function through the whole runtime (routes, token, ids, metrics, error rendering) without a socket.
///
/// ```swift
/// let logs = TestLogHandler()
/// let client = FunctionTestClient(TaskHandler(store: InMemoryTaskStore()), logHandler: logs)
/// let response = try await client.execute(.post, "/api/alice/tasks", json: ["title": "milk"])
/// let ready = try await client.execute(.get, "/health/readiness")
/// #expect(response.status == .created)
/// ```
package struct FunctionTestClient: Sendable {
    /// The runtime the requests go through.
    package let responder: FunctionResponder

    /// Builds the runtime around `function`.
    /// - Parameters:
    ///   - function: the function under test.
    ///   - configuration: the configuration (default: every default, no tokens).
    ///   - middleware: layers around every route, outermost first.
    ///   - readiness: what the readiness probes report.
    ///   - logHandler: where log records go (e.g. a `TestLogHandler`).
    ///   - requestIDPrefix: the generated ids' prefix, so they are predictable.
    package init(
        _ function: some HTTPFunction, configuration: Configuration = Configuration(), middleware: [Middleware] = [],
        readiness: Readiness = .always, logHandler: any LogHandler = NoOpLogHandler(), requestIDPrefix: UInt64 = 1
    ) {
        responder = FunctionResponder(
            function, configuration: configuration, middleware: middleware, readiness: readiness,
            logger: FunctionServer.makeLogger(configuration, handler: logHandler),
            ids: RequestIDGenerator(prefix: requestIDPrefix))
    }

    /// A request no server would deliver, so a test sending it is wrong, not the function.
    package struct InvalidRequest: Error, CustomStringConvertible {
        /// What is wrong with it.
        package var description: String
    }

    /// Sends one request through the runtime.
    /// - Throws: `InvalidRequest` when the target is not origin-form (`/path?query`) or a header holds CR/LF,
    ///   which the HTTP server would have rejected before the runtime.
    package func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.target.hasPrefix("/") || (request.method == .options && request.target == "*") else {
            throw InvalidRequest(description: "target '\(request.target)' must start with '/'")
        }
        for field in request.headers where (field.name + field.value).utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            throw InvalidRequest(description: "header '\(field.name)' contains CR or LF")
        }
        return await responder.respond(to: request)
    }

    /// Sends a request built from its parts.
    /// - Throws: `InvalidRequest` as `execute(_:)` does.
    package func execute(
        _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []
    ) async throws -> HTTPResponse {
        try await execute(HTTPRequest(method: method, target: target, headers: headers, body: body))
    }

    /// Sends `value` as a JSON body (`Content-Type: application/json` unless `headers` sets one).
    /// - Throws: when `value` cannot be encoded, or `InvalidRequest`.
    package func execute(
        _ method: HTTPMethod, _ target: String, json value: some Encodable, headers: HTTPHeaders = [:]
    ) async throws -> HTTPResponse {
        var headers = headers
        if !headers.contains("Content-Type") { headers["Content-Type"] = "application/json" }
        let body = Array(try JSONCoding.encoder.encode(value))
        return try await execute(method, target, headers: headers, body: body)
    }

    /// The current `/metrics` text.
    package var metricsText: String { responder.metricsText }
}
