import Glibc
import HTTPServer
package import HTTPTypes
import JSON

/// The runtime around a function: builtin health and metrics routes, route resolution (404/405), the app-token
/// check, the body limit, request ids, logging, metrics, middleware and error rendering. Every transport calls it.
package final class FunctionResponder: HTTPResponder {
    private let routes: RouteTable
    private let metrics: MetricsRegistry
    private let unmatchedSlot: Int
    private let readiness: Readiness
    private let logger: Logger
    private let appToken: [UInt8]?
    private let maxBodyBytes: Int
    private let functionName: String
    private let ids: RequestIDGenerator
    /// The readiness answer; under `todofn up` it names this process (`Todofn-Pid`), so the supervisor can tell its
    /// own child from another process that answers on the same port.
    private let readyResponse: HTTPResponse

    /// Builds the runtime around `function`; routes and middleware are composed once, here.
    /// - Parameters:
    ///   - function: the function; a `RoutedFunction` is dispatched by its routes.
    ///   - configuration: token, body limit and function name come from it.
    ///   - middleware: layers around every function route, outermost first.
    ///   - readiness: what the readiness probes report.
    ///   - logger: the base logger; each request gets a copy stamped with its ids.
    ///   - ids: the request-id generator.
    package init(
        _ function: some HTTPFunction, configuration: Configuration, middleware: [Middleware] = [],
        readiness: Readiness = .always, logger: Logger, ids: RequestIDGenerator = RequestIDGenerator()
    ) {
        let table = function.effectiveRouteTable()
        routes = RouteTable(
            table.entries.map { entry in
                var entry = entry
                entry.endpoint = compose(middleware, around: entry.endpoint)
                return entry
            })
        let labels = BuiltinRoute.allCases.map(\.path) + table.entries.map(\.pattern.text) + ["unmatched"]
        metrics = MetricsRegistry(routeLabels: labels)
        unmatchedSlot = labels.count - 1
        self.readiness = readiness
        self.logger = logger
        appToken = configuration.appAPIToken.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        maxBodyBytes = configuration.maxBodyBytes
        functionName = configuration.functionName
        self.ids = ids
        var ready = BuiltinRoute.okResponse
        if configuration.supervisorPID != nil { ready.headers["Todofn-Pid"] = String(getpid()) }
        readyResponse = ready
    }

    /// The metrics this responder records, as `/metrics` renders them.
    package var metricsText: String { metrics.render() }

    /// Answers one request; never throws, every failure becomes a JSON error response.
    package func respond(to request: HTTPRequest) async -> HTTPResponse {
        let start = metrics.start()
        let path = request.routingPath
        if let builtin = BuiltinRoute.match(request.method, path) {
            let response =
                builtin == .metrics && request.headers.contains(IngressHeader.name)
                ? .error(.forbidden, message: "/metrics is not reachable through the ingress") : await answer(builtin)
            metrics.finish(slot: builtin.slot, method: request.method, status: response.status.code, startedAt: start)
            return response
        }
        let identity = RequestIdentity.derive(from: request.headers, generator: ids)
        var slot = unmatchedSlot
        var response: HTTPResponse
        if let problem = RequestTarget.problem(request.target) {
            // The same check as the ingress's: a path two parsers could read differently never picks a route.
            response = .error(.badRequest, message: problem)
            response.headers.add(name: "X-Request-Id", value: identity.id)
            metrics.finish(slot: slot, method: request.method, status: response.status.code, startedAt: start)
            return response
        }
        switch routes.resolve(request.method, path: path) {
        case .matched(let entry, let parameters):
            slot = BuiltinRoute.allCases.count + entry.index
            response = await call(entry, parameters: parameters, request: request, identity: identity, start: start)
        case .methodNotAllowed(let allowed):
            response = render(HTTPError.methodNotAllowed(allowed))
        case .notFound:
            response = .error(.notFound, message: "no route for \(request.method) \(path)")
        }
        response.headers.add(name: "X-Request-Id", value: identity.id)
        metrics.finish(slot: slot, method: request.method, status: response.status.code, startedAt: start)
        return response
    }

    private func answer(_ builtin: BuiltinRoute) async -> HTTPResponse {
        if builtin == .metrics {
            return HTTPResponse(
                status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", text: metrics.render())
        }
        if builtin.checksReadiness, await !readiness.isReady() { return BuiltinRoute.unavailableResponse }
        return readyResponse
    }

    private func call(
        _ entry: RouteTable.Entry, parameters: RouteParameters, request: HTTPRequest, identity: RequestIdentity,
        start: UInt64
    ) async -> HTTPResponse {
        var logger = self.logger
        logger[metadataKey: "request.id"] = .string(identity.id)
        if let traceparent = identity.traceparent { logger[metadataKey: "traceparent"] = .string(traceparent) }
        if let cloudEventID = identity.cloudEventID { logger[metadataKey: "ce.id"] = .string(cloudEventID) }

        if entry.access == .daprFacing, request.headers.contains(IngressHeader.name) {
            logger.warning(
                "Rejected a Dapr-facing route reached through the ingress", metadata: ["http.route": "\(entry.pattern)"])
            return .error(.forbidden, message: "this route is not reachable through the ingress")
        }
        if entry.access == .daprFacing, let appToken, !AppToken.matches(request.headers["dapr-api-token"], appToken) {
            logger.warning(
                "Rejected request without a valid dapr-api-token", metadata: ["http.route": "\(entry.pattern)"])
            return .error(.unauthorized, message: "missing or invalid dapr-api-token")
        }
        guard request.body.count <= maxBodyBytes else {
            return .error(.contentTooLarge, message: "request body exceeds \(maxBodyBytes) bytes")
        }
        let context = FunctionContext(
            requestID: identity.id, logger: logger, traceparent: identity.traceparent,
            cloudEventID: identity.cloudEventID, functionName: functionName, route: entry.pattern.text,
            parameters: parameters)
        var response: HTTPResponse
        do {
            response = try await entry.endpoint(request, context)
            if response.status.code >= 400, response.body.isEmpty {
                response = .error(response.status, message: response.status.reasonPhrase, headers: response.headers)
            }
        } catch let error as any HTTPResponseError {
            response = render(error)
            if error.status.code >= 500 {
                logger.error(
                    "Request failed", metadata: ["error": "\(error)", "http.status": .integer(error.status.code)])
            }
        } catch {
            logger.error("Request failed", metadata: ["error": "\(String(describing: error))", "http.status": 500])
            response = .error(.internalServerError, message: "internal server error")
        }
        logger.debug(
            "Request handled",
            metadata: [
                "http.method": "\(request.method)", "http.route": "\(entry.pattern)",
                "http.status": .integer(response.status.code),
                "http.duration.us": .integer(Int((MetricsRegistry.monotonicNanoseconds() &- start) / 1000)),
            ])
        return response
    }

    private func render(_ error: some HTTPResponseError) -> HTTPResponse {
        .error(error.status, message: error.clientMessage, headers: error.headers)
    }
}
