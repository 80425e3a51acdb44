package import HTTPTypes

/// Routes bound to their endpoints: what the runtime resolves each request against.
package struct RouteTable: Sendable {
    /// One route: method (nil: any), pattern, access and the endpoint that answers it.
    package struct Entry: Sendable {
        /// The method it answers; nil answers every method.
        package var method: HTTPMethod?
        /// The path pattern.
        package var pattern: RoutePattern
        /// Who may call it.
        package var access: RouteAccess
        /// The code that answers.
        package var endpoint: Endpoint
        /// The entry's position in the table (its metrics slot).
        package internal(set) var index: Int = 0

        /// Creates an entry.
        package init(method: HTTPMethod?, pattern: RoutePattern, access: RouteAccess, endpoint: @escaping Endpoint) {
            self.method = method
            self.pattern = pattern
            self.access = access
            self.endpoint = endpoint
        }
    }

    /// The outcome of resolving a request.
    package enum Resolution: Sendable {
        /// A route answers; here are its decoded parameters.
        case matched(Entry, RouteParameters)
        /// The path is known but not for this method; `allowed` goes in the `Allow` header.
        case methodNotAllowed(allowed: [HTTPMethod])
        /// No route has this path.
        case notFound
    }

    /// The entries, in declaration order.
    package let entries: [Entry]

    /// Creates a table; earlier entries win.
    package init(_ entries: [Entry]) {
        self.entries = entries.enumerated().map { offset, entry in
            var entry = entry
            entry.index = offset
            return entry
        }
    }

    /// A table with one entry answering every method and path (a plain `HTTPFunction`).
    package static func catchAll(_ endpoint: @escaping Endpoint) -> RouteTable {
        RouteTable([Entry(method: nil, pattern: RoutePattern("*"), access: .daprFacing, endpoint: endpoint)])
    }

    /// Finds the route for `method` and `path` (no query). `HEAD` falls back to a `GET` route.
    package func resolve(_ method: HTTPMethod, path: Substring) -> Resolution {
        var headFallback: (Entry, RouteParameters)?
        var pathMatched = false
        for entry in entries {
            var parameters = RouteParameters()
            guard entry.pattern.match(path, parameters: &parameters) else { continue }
            pathMatched = true
            guard let routeMethod = entry.method, routeMethod != method else {
                return .matched(entry, parameters)
            }
            if method == .head, routeMethod == .get, headFallback == nil { headFallback = (entry, parameters) }
        }
        if let (entry, parameters) = headFallback { return .matched(entry, parameters) }
        guard pathMatched else { return .notFound }
        return .methodNotAllowed(allowed: allowedMethods(for: path))
    }

    private func allowedMethods(for path: Substring) -> [HTTPMethod] {
        var allowed: [HTTPMethod] = []
        for entry in entries {
            var ignored = RouteParameters()
            guard let method = entry.method, entry.pattern.match(path, parameters: &ignored) else { continue }
            if !allowed.contains(method) { allowed.append(method) }
            if method == .get, !allowed.contains(.head) { allowed.append(.head) }
        }
        return allowed
    }
}
