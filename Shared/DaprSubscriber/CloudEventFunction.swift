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
/// A subscription with `bulk` set receives bulk deliveries: the adapter answers `{"statuses": […]}` with one status
/// per entry, from one `handleBulk` call (by default, `handle` per event).
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

    /// Handles the events of one bulk delivery (a subscription with `bulk`) in one call, e.g. to store them in one
    /// transaction. The default calls `handle(_:context:)` for each event in turn.
    ///
    /// ```swift
    /// func handleBulk(_ events: [CloudEvent], context: FunctionContext) async throws -> [DaprEventStatus] {
    ///     try await store.append(events.map(AuditEntry.init))   // one transaction
    ///     return events.map { _ in .success }
    /// }
    /// ```
    /// - Parameters:
    ///   - events: the decoded, valid events in delivery order (undecodable entries are answered DROP and left out).
    ///   - context: the request context.
    /// - Returns: one status per event, in order; an event left without one is answered RETRY.
    /// - Throws: any error, answered RETRY for every event.
    func handleBulk(_ events: [CloudEvent], context: FunctionContext) async throws -> [DaprEventStatus]
}

extension CloudEventFunction {
    /// Calls `handle(_:context:)` for each event in turn; a thrown error answers RETRY for that event alone.
    package func handleBulk(_ events: [CloudEvent], context: FunctionContext) async throws -> [DaprEventStatus] {
        await CloudEventDelivery.handleEach(events, self, context)
    }
}

extension RoutedFunction where Self: CloudEventFunction {
    /// A pure subscriber's routes: `GET /dapr/subscribe` and one `POST` per subscription path.
    package static var routes: Router<Self> { Router<Self>().subscriptions() }
}
