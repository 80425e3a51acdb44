/// What the runtime knows about one request, handed to the function beside it.
package struct FunctionContext: Sendable {
    /// The request id: the CloudEvent id, else the trace id of `traceparent`, else `x-request-id`, else generated.
    package var requestID: String
    /// A logger whose metadata already carries `function`, `request.id`, `traceparent` and `ce.id`.
    package var logger: Logger
    /// The W3C `traceparent` header as received, if any.
    package var traceparent: String?
    /// The `ce-id` header of a binary-mode CloudEvent, if any.
    package var cloudEventID: String?
    /// The function's name (`APP_ID`).
    package var functionName: String
    /// The route pattern that matched, e.g. `/api/{user}/tasks/{id}`, or nil when the function is not routed.
    package var route: String?
    /// The percent-decoded values of the route's `{param}` segments.
    package var parameters: RouteParameters

    /// Creates a context; the runtime does this for every request.
    package init(
        requestID: String, logger: Logger, traceparent: String?, cloudEventID: String?, functionName: String,
        route: String? = nil, parameters: RouteParameters = RouteParameters()
    ) {
        self.requestID = requestID
        self.logger = logger
        self.traceparent = traceparent
        self.cloudEventID = cloudEventID
        self.functionName = functionName
        self.route = route
        self.parameters = parameters
    }

    /// A context for calling a handler directly in a test.
    /// - Parameters:
    ///   - requestID: the request id (default `test-request`).
    ///   - logger: the logger, e.g. one backed by `TestLogHandler` (default: a logger that drops everything).
    ///   - parameters: route parameters, e.g. `["id": "42"]`.
    /// - Returns: the context.
    package static func forTesting(
        requestID: String = "test-request", logger: Logger = Logger(label: "test"), traceparent: String? = nil,
        cloudEventID: String? = nil, functionName: String = "test-function", route: String? = nil,
        parameters: RouteParameters = RouteParameters()
    ) -> FunctionContext {
        FunctionContext(
            requestID: requestID, logger: logger, traceparent: traceparent, cloudEventID: cloudEventID,
            functionName: functionName, route: route, parameters: parameters)
    }
}
