/// Where the ingress sends a request: the one table of the embedded stack's public routes.
///
/// | path | goes to |
/// |---|---|
/// | `/api/*` | `task-crud` |
/// | `/audit`, `/audit/*`, `/audit?…` | `audit-log` |
/// | `/ws` | `ws-gateway` (WebSocket upgrade passed through by `WebSocketProxy`; plain requests answer 426) |
/// | anything else | the web client's static files when a directory is configured, else 404 |
package struct IngressRoutes: Sendable {
    /// What a path maps to.
    package enum Destination: Sendable, Equatable {
        /// Forward to this function through the supervisor.
        case function(String)
        /// A WebSocket endpoint of this function (the upgrade is passed through by `WebSocketProxy`).
        case webSocket(String)
        /// Serve from the static file directory.
        case staticFiles
        /// Nothing here.
        case notFound
    }

    /// One row: a path prefix (or an exact path) and its destination.
    package struct Route: Sendable {
        /// The path, e.g. `/api`.
        package var path: String
        /// Whether the path also matches as a prefix followed by `/` (and `?` queries always match).
        package var matchesSubpaths: Bool
        /// Where it goes.
        package var destination: Destination

        /// Creates a row.
        package init(path: String, matchesSubpaths: Bool, destination: Destination) {
            self.path = path
            self.matchesSubpaths = matchesSubpaths
            self.destination = destination
        }
    }

    /// The system's routes, in match order.
    package static let standard = IngressRoutes(routes: [
        Route(path: "/api", matchesSubpaths: true, destination: .function("task-crud")),
        Route(path: "/audit", matchesSubpaths: true, destination: .function("audit-log")),
        Route(path: "/ws", matchesSubpaths: false, destination: .webSocket("ws-gateway")),
    ])

    /// The rows, first match wins.
    package var routes: [Route]

    /// Creates a table.
    package init(routes: [Route]) { self.routes = routes }

    /// The functions the table names, in order.
    package var functionNames: [String] {
        routes.compactMap {
            switch $0.destination {
            case .function(let name), .webSocket(let name): name
            case .staticFiles, .notFound: nil
            }
        }
    }

    /// The destination of `path` (without the query); `fallback` when no row matches.
    package func destination(for path: Substring, fallback: Destination) -> Destination {
        for route in routes {
            if path == route.path[...] { return route.destination }
            let prefix = route.path.hasSuffix("/") ? route.path : route.path + "/"
            if route.matchesSubpaths, path.hasPrefix(prefix) { return route.destination }
        }
        return fallback
    }
}
