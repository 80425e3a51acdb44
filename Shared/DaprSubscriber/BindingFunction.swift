package import FunctionRuntime
package import HTTPTypes

/// An input-binding handler (e.g. the cron binding that sweeps the outbox): daprd POSTs each event to
/// `/<binding-name>`, after probing the route with `OPTIONS` (answered 200, so daprd delivers).
///
/// Returning answers 200; throwing answers 500 (for the cron binding daprd ignores the error: no retry).
///
/// ```swift
/// struct RelaySweep: RoutedFunction, BindingFunction {
///     static let bindingName = "outbox-sweep"
///     static let routes = Router<Self>().binding()
///     func handle(_ event: DaprBindingEvent, context: FunctionContext) async throws { try await relay.sweep() }
/// }
/// ```
package protocol BindingFunction: Sendable {
    /// The binding component's name (or its `route` metadata without the slash).
    static var bindingName: String { get }

    /// Handles one binding event.
    func handle(_ event: DaprBindingEvent, context: FunctionContext) async throws
}

/// One input-binding event: the component's raw bytes and its metadata headers.
package struct DaprBindingEvent: Sendable {
    /// The binding name.
    package var name: String
    /// The event bytes (empty for a cron tick).
    package var body: [UInt8]
    /// The component's metadata as headers (`Timezone`, `Readtimeutc` for cron).
    package var headers: HTTPHeaders

    /// Creates an event from daprd's request.
    package init(request: HTTPRequest, name: String) {
        self.name = name
        self.body = request.body
        self.headers = request.headers
    }
}
