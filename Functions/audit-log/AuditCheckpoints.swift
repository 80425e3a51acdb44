import Dapr
import FunctionRuntime
import HTTPTypes
import Storage

/// The signed checkpoint of the audit chain's head, kept in the Dapr state store (`todo-statestore`, key
/// `audit-chain-checkpoint`, under audit-log's app-id prefix): outside the audit database, so its owner cannot cut
/// entries off the end of the chain unnoticed.
///
/// Written after every batch that stored entries and before those deliveries are acknowledged; it only moves
/// forward (a read and an ETag-checked write, so two replicas never move it back). The undetectable window is the
/// entries of a batch between its commit and its checkpoint write, and the batches after a failed checkpoint write
/// (logged) until the next one succeeds; nothing acknowledged while the state store answered is in it. Where the
/// keyed links begin is taken from the database once, when the first checkpoint is written (trust on first use).
struct AuditCheckpoints: Sendable {
    static let store = "todo-statestore"
    static let key = "audit-chain-checkpoint"

    let dapr: any DaprClient
    let audit: any AuditStore
    let chainKey: [UInt8]
    let hasher: any AuditHasher
    let logger: Logger

    /// The stored checkpoint; nil when there is none yet.
    /// - Throws: when the state store cannot be read or holds something that is not a checkpoint.
    func load() async throws -> AuditCheckpoint? {
        guard let entry = try await dapr.getState(store: Self.store, key: Self.key) else { return nil }
        guard let checkpoint = AuditCheckpoint(json: entry.value) else {
            throw HTTPError(.internalServerError, message: "the stored audit checkpoint is unreadable")
        }
        return checkpoint
    }

    /// Verifies `audit`'s chain against the stored checkpoint. A keyed chain without one is itself a break (it was
    /// deleted, or its first write failed), reported after any break the chain shows on its own.
    /// - Throws: when the store or the state store cannot be read.
    func verify(_ audit: any AuditStore) async throws -> AuditChainBreak? {
        if let checkpoint = try await load() { return try await audit.verifyChain(against: checkpoint) }
        if let broken = try await audit.verifyChain() { return broken }
        guard let first = try await audit.firstKeyedSequence() else { return nil }
        return AuditChainBreak(
            sequence: first, eventID: nil, reason: "the keyed chain has no signed checkpoint of its head")
    }

    /// Signs `head` and stores it, unless the stored checkpoint is already at or past it. Failures are logged: the
    /// entries are stored, and the next batch's checkpoint covers them.
    func save(_ head: AuditChainHead) async {
        do {
            for _ in 0..<5 {
                let current = try await dapr.getState(store: Self.store, key: Self.key)
                let stored = current.flatMap { AuditCheckpoint(json: $0.value) }
                if let stored, stored.head.sequence >= head.sequence { return }
                // Where the keyed links begin is read once, when the first checkpoint is written, and then carried.
                var keyedFrom = stored?.keyedFrom
                if keyedFrom == nil { keyedFrom = try await audit.firstKeyedSequence() }
                let checkpoint = try AuditCheckpoint(
                    head, keyedFrom: keyedFrom ?? head.sequence, key: chainKey, hasher: hasher)
                let item = DaprStateItem(
                    key: Self.key, value: checkpoint.json, etag: current?.etag, concurrency: .firstWrite)
                do {
                    try await dapr.saveState(store: Self.store, items: [item])
                    return
                } catch let error as DaprError where error.code == .etagMismatch {
                    continue
                }
            }
        } catch {
            logger.error(
                "Could not write the audit checkpoint", metadata: ["audit.sequence": "\(head.sequence)", "error": "\(error)"])
        }
    }
}
