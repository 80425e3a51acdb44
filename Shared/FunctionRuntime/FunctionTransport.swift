/// What carries requests to a `FunctionResponder`: the C-backed HTTP server in production, an in-process
/// transport in tests (`FunctionTesting`), so the same `FunctionServer.run` serves both.
///
/// ```swift
/// struct OneShotTransport: FunctionTransport {
///     func serve(_ responder: FunctionResponder, configuration: Configuration, logger: Logger) async throws {
///         _ = await responder.respond(to: HTTPRequest(method: .get, target: "/health/readiness"))
///     }
/// }
/// ```
package protocol FunctionTransport: Sendable {
    /// Delivers requests to `responder` until the transport shuts down (or the task is cancelled).
    /// - Parameters:
    ///   - responder: the runtime around the function.
    ///   - configuration: address, port, limits and timeouts.
    ///   - logger: the function's base logger, for start and stop lines.
    /// - Throws: when the transport cannot start (e.g. the port is taken).
    func serve(_ responder: FunctionResponder, configuration: Configuration, logger: Logger) async throws
}
