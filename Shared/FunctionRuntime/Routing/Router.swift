package import HTTPTypes

/// The routes of a `RoutedFunction`: method + path pattern → one of the handler's methods.
///
/// Routes are declared once, as a `static let`, with unapplied method references, so the handler type lists its
/// endpoints at the top and keeps one method per route:
///
/// ```swift
/// static let routes = Router<Self>()
///     .get("/api/{user}/tasks", access: .public, Self.list)
///     .post("/internal/recurrence", Self.createOccurrence)   // Dapr-facing: needs the app token when set
/// ```
package struct Router<Handler: Sendable>: Sendable {
    /// A handler method, unapplied: `Self.list` for `func list(_ request: HTTPRequest, context: FunctionContext)`.
    package typealias Action =
        @Sendable (Handler) -> @Sendable (HTTPRequest, FunctionContext) async throws -> HTTPResponse

    private struct Route: Sendable {
        var method: HTTPMethod
        var pattern: RoutePattern
        var access: RouteAccess
        var action: Action
    }

    private var routes: [Route] = []

    /// Creates an empty router.
    package init() {}

    /// Adds a route.
    /// - Parameters:
    ///   - method: the method it answers.
    ///   - pattern: the path pattern, `{name}` segments being parameters.
    ///   - access: `.daprFacing` (default) or `.public`.
    ///   - action: the handler method that answers it.
    /// - Returns: the router with the route appended; earlier routes win when several match.
    package func on(
        _ method: HTTPMethod, _ pattern: String, access: RouteAccess = .daprFacing, _ action: @escaping Action
    ) -> Router {
        var copy = self
        copy.routes.append(Route(method: method, pattern: RoutePattern(pattern), access: access, action: action))
        return copy
    }

    /// Adds a `GET` route (which also answers `HEAD`).
    package func get(_ pattern: String, access: RouteAccess = .daprFacing, _ action: @escaping Action) -> Router {
        on(.get, pattern, access: access, action)
    }

    /// Adds a `POST` route.
    package func post(_ pattern: String, access: RouteAccess = .daprFacing, _ action: @escaping Action) -> Router {
        on(.post, pattern, access: access, action)
    }

    /// Adds a `PUT` route.
    package func put(_ pattern: String, access: RouteAccess = .daprFacing, _ action: @escaping Action) -> Router {
        on(.put, pattern, access: access, action)
    }

    /// Adds a `PATCH` route.
    package func patch(_ pattern: String, access: RouteAccess = .daprFacing, _ action: @escaping Action) -> Router {
        on(.patch, pattern, access: access, action)
    }

    /// Adds a `DELETE` route.
    package func delete(_ pattern: String, access: RouteAccess = .daprFacing, _ action: @escaping Action) -> Router {
        on(.delete, pattern, access: access, action)
    }

    /// The routes bound to one handler value, as the runtime dispatches them.
    /// - Parameter handler: the value whose methods answer.
    /// - Returns: a route table.
    package func bind(to handler: Handler) -> RouteTable {
        RouteTable(
            routes.map { route in
                // Applied once here, so a request calls the bound method directly.
                RouteTable.Entry(
                    method: route.method, pattern: route.pattern, access: route.access, endpoint: route.action(handler))
            })
    }
}
