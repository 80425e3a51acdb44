package import HTTPTypes

/// How the runtime reaches an app (pub/sub deliveries, job triggers, invocation, bindings): the supervisor's
/// `channel()` starts the function if it is not running, waits for readiness, then forwards over HTTP.
package typealias AppChannel = @Sendable (_ appID: String, _ request: HTTPRequest) async throws -> HTTPResponse

/// An extra Dapr API module: answers the request if the route is its own, else nil. `appID` is the caller's app-id.
package typealias DaprAPIModule = @Sendable (_ request: HTTPRequest, _ appID: String) async -> HTTPResponse?
