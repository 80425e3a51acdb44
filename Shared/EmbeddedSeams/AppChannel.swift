package import HTTPTypes

/// How the runtime reaches an app (pub/sub deliveries, invocation, cron bindings, `/dapr/subscribe`). The
/// supervisor provides the production one (starts the function on demand, adds the app token); tests use a
/// loopback HTTPServer. Throwing means a transport failure (daprd: connection error → retry / `ERR_DIRECT_INVOKE`).
/// A channel must not time out before `DeliveryPolicy.timeout`: a delivery the app is still working on would be
/// retried, and the app then sees it twice although it answers 200 both times (the runtime's watchdog owns the
/// delivery timeout).
package typealias AppChannel = @Sendable (_ appID: String, _ request: HTTPRequest) async throws -> HTTPResponse
