package import HTTPTypes

/// How the runtime reaches an app (job triggers here): the supervisor's channel in production, a loopback
/// `HTTPServer` behind an `HTTPClient` (or a closure) in tests. Identical to `EmbeddedRuntime`'s copy, so closures
/// pass across without an import.
package typealias AppChannel = @Sendable (_ appID: String, _ request: HTTPRequest) async throws -> HTTPResponse
