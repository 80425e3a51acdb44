package import HTTPTypes
import JSON

/// An `HTTPFunction` that dispatches by method and path to one method per route.
///
/// The runtime resolves the route before calling the handler (for the app-token check and the metrics label),
/// answers 404 or 405 (with `Allow`) itself, and puts the `{param}` values in `context.parameters`.
///
/// ```swift
/// struct TaskHandler: RoutedFunction {
///     static let routes = Router<Self>()
///         .get("/api/{user}/tasks/{id}", access: .public, Self.show)
///
///     let store: any TaskStore
///
///     func show(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
///         let task = try await store.task(id: context.parameters.require("id", as: UUID.self))
///         return try .json(task)
///     }
/// }
/// ```
package protocol RoutedFunction: RouteTableProviding {
    /// The routes, declared once (`static let routes = Router<Self>()…`).
    static var routes: Router<Self> { get }
}

extension RoutedFunction {
    /// The static routes bound to this value.
    package func routeTable() -> RouteTable { Self.routes.bind(to: self) }
}

/// An `HTTPFunction` that hands the runtime a table of routes built at run time: what adapters (Dapr subscriptions,
/// job callbacks) conform to when their routes depend on configuration. Plain handlers use `RoutedFunction`.
///
/// ```swift
/// struct TopicSubscriber: RouteTableProviding {
///     let topics: [String]
///     func routeTable() -> RouteTable {
///         RouteTable(topics.map { topic in
///             RouteTable.Entry(method: .post, pattern: RoutePattern("/events/\(topic)"), access: .daprFacing) { _, _ in
///                 HTTPResponse(status: .ok)
///             }
///         })
///     }
/// }
/// ```
package protocol RouteTableProviding: HTTPFunction {
    /// The routes bound to this value; the runtime calls it once at start-up.
    func routeTable() -> RouteTable
}

extension RouteTableProviding {
    /// Resolves the route and calls it, for direct calls in tests; throws 404/405 as `HTTPError`.
    package func handle(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        switch routeTable().resolve(request.method, path: request.routingPath) {
        case .matched(let entry, let parameters):
            var context = context
            context.route = entry.pattern.text
            context.parameters = parameters
            return try await entry.endpoint(request, context)
        case .methodNotAllowed(let allowed):
            throw HTTPError.methodNotAllowed(allowed)
        case .notFound:
            throw HTTPError(.notFound, message: "no route for \(request.method) \(request.routingPath)")
        }
    }
}

extension HTTPError {
    /// A 405 with the `Allow` header listing `allowed`.
    package static func methodNotAllowed(_ allowed: [HTTPMethod]) -> HTTPError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return HTTPError(.methodNotAllowed, message: "method not allowed; allowed: \(list)", headers: ["Allow": list])
    }
}

extension HTTPFunction {
    /// The table the runtime dispatches with: the function's own when it provides one, else one catch-all route
    /// (`*`, Dapr-facing) calling `handle`.
    package func effectiveRouteTable() -> RouteTable {
        if let provider = self as? any RouteTableProviding { return provider.routeTable() }
        return .catchAll { request, context in try await self.handle(request, context: context) }
    }
}
