package import HTTPTypes

/// An extra Dapr API module: answers the request if the route is its own, else nil. `appID` is the caller's app-id.
/// Identical to `EmbeddedRuntime`'s copy; `JobsEngine.apiModule()` returns one.
package typealias DaprAPIModule = @Sendable (_ request: HTTPRequest, _ appID: String) async -> HTTPResponse?
