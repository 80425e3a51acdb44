package import HTTPTypes

/// An extra Dapr API module of the embedded runtime (e.g. the jobs engine): answers the request if the route is its
/// own, else nil. `appID` is the caller's app-id, known from the API port the request came in on.
/// `JobsEngine.apiModule()` returns one; `EmbeddedRuntimeConfiguration.extraModules` takes them.
package typealias DaprAPIModule = @Sendable (_ request: HTTPRequest, _ appID: String) async -> HTTPResponse?
