package import FoundationEssentials

/// The outbox: events written with the changes they describe, published later by `OutboxRelay` (target `EventRelay`).
///
/// A relay *claims* a batch (a lease until a deadline, taken under a lock so two relays never claim the same
/// row), publishes it, then marks it sent. A relay that dies after publishing and before marking leaves a claim
/// that expires, and the next relay publishes the same event ids again (consumers deduplicate on them).
package protocol OutboxStore: Sendable {
    /// Appends events in their own transaction (for changes that are not tasks).
    func append(_ messages: [OutboxMessage]) async throws

    /// Up to `limit` unsent events in sequence order (claimed or not).
    func unsent(limit: Int) async throws -> [OutboxEvent]

    /// Claims up to `limit` of the oldest unsent events that no live claim holds, for `lease`; skips every
    /// partition that has an older event under another live claim, so one user's events keep their order.
    /// - Parameters:
    ///   - limit: the batch size.
    ///   - token: the claimant's id (marking and releasing check it).
    ///   - lease: how long the claim lasts.
    /// - Returns: the claimed events in sequence order.
    func claim(limit: Int, token: UUID, lease: Duration) async throws -> [OutboxEvent]

    /// Marks events sent.
    func markSent(eventIDs: [UUID]) async throws

    /// Marks `sent` sent and then claims as ``claim(limit:token:lease:)`` does, in one transaction: the relay's
    /// steady state, one transaction per batch instead of two.
    func markSentAndClaim(sent: [UUID], limit: Int, token: UUID, lease: Duration) async throws -> [OutboxEvent]

    /// Gives up `token`'s claim on events it did not publish, so another relay may take them at once.
    func release(eventIDs: [UUID], token: UUID) async throws

    /// How many events are unsent.
    func unsentCount() async throws -> Int
}

extension OutboxStore {
    /// The default: ``markSent(eventIDs:)`` then ``claim(limit:token:lease:)``, in two transactions.
    package func markSentAndClaim(sent: [UUID], limit: Int, token: UUID, lease: Duration) async throws -> [OutboxEvent] {
        try await markSent(eventIDs: sent)
        return try await claim(limit: limit, token: token, lease: lease)
    }
}
