package import HTTPTypes

/// The code that answers a request once the runtime has prepared its context.
package typealias Endpoint = @Sendable (HTTPRequest, FunctionContext) async throws -> HTTPResponse

/// Code around every request: it may change the request or context, call `next`, and change the response.
///
/// ```swift
/// let timing: Middleware = { request, context, next in
///     var response = try await next(request, context)
///     response.headers["Server-Timing"] = "app"
///     return response
/// }
/// ```
package typealias Middleware = @Sendable (HTTPRequest, FunctionContext, _ next: Endpoint) async throws -> HTTPResponse

/// Composes `middleware` around `endpoint`: the first element is outermost (it runs first and sees the final response).
/// - Parameters:
///   - middleware: the layers, outermost first.
///   - endpoint: the innermost code.
/// - Returns: one endpoint running them all.
package func compose(_ middleware: [Middleware], around endpoint: @escaping Endpoint) -> Endpoint {
    middleware.reversed().reduce(endpoint) { next, layer in
        { request, context in try await layer(request, context, next) }
    }
}
