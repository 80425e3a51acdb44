package import HTTPTypes

/// The one handler protocol: a request in, a response out.
///
/// The runtime stamps the request id, logger and route parameters into `context`, renders thrown errors as JSON
/// (`HTTPError` and other `HTTPResponseError`s with their status, anything else as a 500), counts the request in
/// `/metrics` and serves the health routes, so a function holds only its own logic.
///
/// ```swift
/// struct Hello: HTTPFunction {
///     func handle(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
///         context.logger.info("Greeting", metadata: ["request.path": "\(request.path)"])
///         return HTTPResponse(contentType: "text/plain", text: "hello from \(context.functionName)")
///     }
/// }
///
/// // main.swift
/// let config = try Configuration.fromEnvironment()
/// try await FunctionServer.run(Hello(), configuration: config)
/// ```
///
/// A function with several endpoints conforms to `RoutedFunction` instead and lists its routes.
package protocol HTTPFunction: Sendable {
    /// Answers one request.
    /// - Parameters:
    ///   - request: the whole request, body included.
    ///   - context: the request id, logger, route parameters and trace headers of this request.
    /// - Returns: the response to send.
    /// - Throws: `HTTPError` (or any `HTTPResponseError`) for an answer with that status; any other error becomes a 500.
    func handle(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse
}

/// An `HTTPFunction` made of a closure, for functions too small to deserve a type.
///
/// ```swift
/// let echo = ClosureFunction { request, _ in HTTPResponse(status: .ok, body: request.body) }
/// ```
package struct ClosureFunction: HTTPFunction {
    private let body: @Sendable (HTTPRequest, FunctionContext) async throws -> HTTPResponse

    /// Creates a function that calls `body` for every request.
    /// - Parameter body: the handler.
    package init(_ body: @escaping @Sendable (HTTPRequest, FunctionContext) async throws -> HTTPResponse) {
        self.body = body
    }

    /// Calls the closure.
    package func handle(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        try await body(request, context)
    }
}
