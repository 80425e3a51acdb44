package import CloudEvents
package import FunctionRuntime

/// A pub/sub subscriber: one CloudEvent in, a `DaprEventStatus` out; it declares its subscriptions in code.
///
/// The adapter (`Router.subscriptions()`) answers `GET /dapr/subscribe` from `subscriptions`, decodes each delivery
/// (structured, binary or bulk), and maps the outcome to Dapr's answer:
/// - the returned status → `200 {"status": …}`;
/// - a thrown error → logged, then `500 {"status":"RETRY"}` (any non-2xx is a retry for daprd; the 5xx also lets a
///   resiliency policy's `matching.httpStatusCodes` see it);
/// - an undecodable or invalid event → logged, then `200 {"status":"DROP"}`: it can never succeed, so it must not be
///   retried forever (it goes to the dead-letter topic if one is set).
///
/// ```swift
/// struct AuditLogHandler: RoutedFunction, CloudEventFunction {
///     static let subscriptions = [DaprSubscription(pubsub: "todo-pubsub", topic: "task-events", route: "/events/tasks")]
///     static let routes = Router<Self>().subscriptions().get("/api/audit", access: .public, Self.query)
///
///     let store: any AuditStore
///     func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
///         try await store.append(AuditEntry(event), idempotencyKey: event.id)
///         return .success
///     }
/// }
/// ```
package protocol CloudEventFunction: Sendable {
    /// The subscriptions this function serves; the single source of `GET /dapr/subscribe`.
    static var subscriptions: [DaprSubscription] { get }

    /// Handles one delivered event.
    /// - Parameters:
    ///   - event: the decoded, validated CloudEvent (Dapr's `topic`, `pubsubname`, `traceid`… are extensions).
    ///   - context: the request context (its logger carries the request id).
    /// - Returns: what to tell daprd.
    /// - Throws: any error, answered as RETRY.
    func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus
}

extension RoutedFunction where Self: CloudEventFunction {
    /// A pure subscriber's routes: `GET /dapr/subscribe` and one `POST` per subscription path.
    package static var routes: Router<Self> { Router<Self>().subscriptions() }
}
