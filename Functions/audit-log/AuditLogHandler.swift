import Authentication
import CloudEvents
import DaprSubscriber
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage
import TodoDomain

/// audit-log: records every todo event once, append-only and chained with HMAC under a key from the secret store, and
/// answers audit queries.
///
/// Deliveries come in bulk (up to 500 events: the chain lock, the head read, the commit and the signed checkpoint
/// are paid once per bulk; issue 15): all entries of one are appended as one batch. A redelivered event id finds its entry and
/// answers SUCCESS without a second row; a store failure answers RETRY for that entry and the user's later ones.
struct AuditLogHandler: RoutedFunction, CloudEventFunction {
    static let subscriptions = [TodoTopic.taskEvents, .reminderEvents, .recurringEvents].map { topic in
        DaprSubscription(
            pubsub: TodoTopic.pubsubName, topic: topic.rawValue, route: "/events/\(topic)",
            deadLetterTopic: "\(topic)-dead-letters",
            bulk: .init(maxMessagesCount: 500, maxAwaitDurationMs: 10))
    }
    static let routes = Router<Self>().subscriptions()
        .get("/audit", access: .public, Self.query)
        .get("/audit/verify", access: .public, Self.verify)

    let audit: any AuditStore
    /// Where deliveries append: batched under load (``AuditAppendQueue``).
    let appends: AuditAppendQueue
    let authenticator: BearerAuthenticator
    /// The signed checkpoint of the chain's head, which `/audit/verify` checks the chain against (truncation).
    var checkpoints: AuditCheckpoints?
    var hasher: any AuditHasher = CryptoAuditHasher()

    func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
        guard Self.admits(event, context) else { return .drop }
        let entry = try NewAuditEntry(event, receivedAt: Date(), hasher: hasher)
        if try await !appends.append(entry) {
            context.logger.debug("Redelivered event already audited")
        }
        return .success
    }

    func handleBulk(_ events: [CloudEvent], context: FunctionContext) async throws -> [DaprEventStatus] {
        let receivedAt = Date()
        let admitted = events.map { Self.admits($0, context) }
        let entries = try zip(events, admitted).filter(\.1).map {
            try NewAuditEntry($0.0, receivedAt: receivedAt, hasher: hasher)
        }
        var results = await appends.append(contentsOf: entries).makeIterator()
        return admitted.map { admitted in
            guard admitted else { return .drop }
            guard case .failure(let error)? = results.next() else { return .success }
            context.logger.error("Audit append failed; asking Dapr to retry", metadata: ["error": "\(error)"])
            return .retry
        }
    }

    /// Whether `event` is one the system emits (`CloudEvent.catalogueRefusal`); a refusal is logged once, as a warning.
    private static func admits(_ event: CloudEvent, _ context: FunctionContext) -> Bool {
        guard let refusal = event.catalogueRefusal else { return true }
        context.logger.warning(
            "Dropped an event the system does not emit",
            metadata: [
                "ce.id": "\(event.id.prefix(100))", "ce.type": "\(event.type.prefix(100))",
                "ce.source": "\(event.source.prefix(100))", "reason": "\(refusal.prefix(300))",
            ])
        return false
    }

    /// `GET /audit?type=&user=&from=&to=&cursor=&limit=`: an administrator sees every entry, a user their own.
    func query(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let caller = try authenticator.authenticate(request)
        var query = try AuditQueryParameters.query(request)
        if !caller.isAdmin {
            if let user = query.actor { try caller.requireOwner(of: user) }
            query.actor = caller.userID
        }
        return AuditPageJSON.response(try await audit.query(query))
    }

    /// `GET /audit/verify`: recomputes the keyed chain and checks it reaches the signed checkpoint of its head
    /// (administrators only: it reads every user's entries).
    func verify(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        try authenticator.authenticate(request).requireAdmin()
        guard let checkpoints else { return AuditPageJSON.verification(try await audit.verifyChain()) }
        let broken = try await checkpoints.verify(audit)
        return AuditPageJSON.verification(broken)
    }
}
