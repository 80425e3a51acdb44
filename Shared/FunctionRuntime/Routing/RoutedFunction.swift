package import HTTPTypes

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
package protocol RoutedFunction: HTTPFunction {
    /// The routes, declared once (`static let routes = Router<Self>()…`).
    static var routes: Router<Self> { get }
}

extension RoutedFunction {
    /// Resolves the route and calls its method, for direct calls in tests; throws 404/405 as `HTTPError`.
    package func handle(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        switch Self.routes.bind(to: self).resolve(request.method, path: request.path) {
        case .matched(let entry, let parameters):
            var context = context
            context.route = entry.pattern.text
            context.parameters = parameters
            return try await entry.endpoint(request, context)
        case .methodNotAllowed(let allowed):
            throw HTTPError.methodNotAllowed(allowed)
        case .notFound:
            throw HTTPError(.notFound, message: "no route for \(request.path)")
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
    /// The function as the runtime dispatches it: its routes when it is a `RoutedFunction`, else one catch-all.
    package func routeTable() -> RouteTable {
        if let routed = self as? any RoutedFunction { return routed.boundRoutes() }
        return .catchAll { request, context in try await self.handle(request, context: context) }
    }
}

extension RoutedFunction {
    fileprivate func boundRoutes() -> RouteTable { Self.routes.bind(to: self) }
}
