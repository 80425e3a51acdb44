/// Who may call a route: Dapr only (checked with `APP_API_TOKEN`) or anyone.
package struct RouteAccess: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable {
        case daprFacing
        case `public`
    }

    private let kind: Kind

    /// Called by Dapr (pub/sub deliveries, job triggers, service invocation): when `APP_API_TOKEN` is set the
    /// request must carry a matching `dapr-api-token` header, else 401. The default, so a forgotten mark fails closed.
    package static let daprFacing = RouteAccess(kind: .daprFacing)
    /// Reached from outside (ingress, Knative route); the function authenticates callers itself.
    package static let `public` = RouteAccess(kind: .public)

    /// `daprFacing` or `public`.
    package var description: String { kind == .daprFacing ? "daprFacing" : "public" }
}
