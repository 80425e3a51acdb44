package import FoundationEssentials

/// The append-only audit log: one entry per event id, each linked to the previous by a keyed hash chain.
///
/// ```swift
/// switch try await audit.append(entry) {
/// case .stored(let record): logger.info("Audit entry stored", metadata: ["audit.sequence": "\(record.sequence)"])
/// case .alreadyStored: break   // a redelivery: answer SUCCESS, write nothing
/// }
/// ```
package protocol AuditStore: Sendable {
    /// Appends `entry` unless its event id is stored already.
    func append(_ entry: NewAuditEntry) async throws -> AuditAppendResult

    /// Appends many entries in one transaction, skipping event ids already stored or repeated.
    func append(batch entries: [NewAuditEntry]) async throws -> AuditBatchResult

    /// The entry for `eventID`, if stored.
    func entry(eventID: UUID) async throws -> AuditRecord?

    /// A page of entries in sequence order.
    func query(_ query: AuditQuery) async throws -> AuditPage

    /// The sequence of the first keyed (chain version 2) entry, or nil when there is none.
    func firstKeyedSequence() async throws -> Int64?

    /// Recomputes the chain from the first entry and checks it against a signed checkpoint of its head, if given;
    /// returns the first entry that does not verify (or the first missing one), or nil.
    func verifyChain(against checkpoint: AuditCheckpoint?) async throws -> AuditChainBreak?
}

extension AuditStore {
    /// Recomputes the chain from the first entry, without a checkpoint (entries cut off the end go unnoticed).
    package func verifyChain() async throws -> AuditChainBreak? { try await verifyChain(against: nil) }
}
