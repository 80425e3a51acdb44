import Authentication
import CloudEvents
import Dapr
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage

/// audit-log: records every todo event once, append-only and hash-chained, and answers audit queries.
///
/// A redelivered event id finds its entry and answers SUCCESS without a second row; a store failure answers RETRY.
struct AuditLogHandler: RoutedFunction, CloudEventFunction {
    static let subscriptions = ["task-events", "reminder-events", "recurring-events"].map { topic in
        DaprSubscription(
            pubsub: "todo-pubsub", topic: topic, route: "/events/\(topic)", deadLetterTopic: "\(topic)-dead-letters")
    }
    static let routes = Router<Self>().subscriptions()
        .get("/audit", access: .public, Self.query)
        .get("/audit/verify", access: .public, Self.verify)

    let audit: any AuditStore
    let authenticator: BearerAuthenticator
    var hasher: any AuditHasher = CryptoAuditHasher()

    func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
        let entry = try NewAuditEntry(event, receivedAt: Date(), hasher: hasher)
        if case .alreadyStored = try await audit.append(entry) {
            context.logger.debug("Redelivered event already audited")
        }
        return .success
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

    /// `GET /audit/verify`: recomputes the hash chain (administrators only: it reads every user's entries).
    func verify(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        try authenticator.authenticate(request).requireAdmin()
        let broken = try await audit.verifyChain()
        return AuditPageJSON.verification(broken)
    }
}
