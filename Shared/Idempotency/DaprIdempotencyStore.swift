package import Dapr
import FoundationEssentials

/// An `IdempotencyStore` on the Dapr state store (`todo-statestore`): one key `idempotency:<app-id>:<event id>` per
/// consumer and event.
///
/// - `claim` saves `{"state":"claimed","owner":<uuid>}` with `first-write` and no ETag, which daprd turns into an
///   atomic create (409 if the key exists), and a TTL of `policy.lease`. On 409 it reads the record: `done` →
///   `.alreadyDone`, `claimed` → `.inProgress`; a record that expired in between is claimed again.
/// - `markDone` overwrites it with `{"state":"done","owner":…}` and a TTL of `policy.retention` (24 h).
/// - `release` deletes it only if it is still this lease's claim (compared by owner, deleted with its ETag).
///
/// The guarantees and their limits are spelled out on `IdempotencyStore`.
package struct DaprIdempotencyStore: IdempotencyStore {
    private let dapr: any DaprClient
    /// The Dapr state store holding the records.
    package let storeName: String
    package let policy: IdempotencyPolicy

    /// Creates a store.
    /// - Parameters:
    ///   - dapr: the Dapr client.
    ///   - storeName: the state store component (default `todo-statestore`).
    ///   - policy: retention and lease.
    package init(dapr: any DaprClient, storeName: String = "todo-statestore", policy: IdempotencyPolicy = .default) {
        self.dapr = dapr
        self.storeName = storeName
        self.policy = policy
    }

    /// Claims the key with a first-write save.
    /// - Throws: `DaprError` other than the 409 that means "already claimed".
    package func claim(_ key: IdempotencyKey) async throws -> IdempotencyClaim {
        let lease = IdempotencyLease(key: key, owner: UUID().uuidString)
        let item = DaprStateItem(
            key: key.stateKey, value: Record(state: Record.claimed, owner: lease.owner).json, concurrency: .firstWrite,
            ttlInSeconds: IdempotencyPolicy.seconds(policy.lease))
        // Twice at most: the second try only happens when the record expired between the 409 and the read.
        for _ in 0..<2 {
            do {
                try await dapr.saveState(store: storeName, items: [item])
                return .claimed(lease)
            } catch let error as DaprError where error.code == .etagMismatch {
                guard let existing = try await dapr.getState(store: storeName, key: key.stateKey) else { continue }
                let record = try? existing.decode(as: Record.self)
                return record?.state == Record.done ? .alreadyDone : .inProgress
            }
        }
        return .inProgress
    }

    /// Overwrites the claim with a done record kept for `policy.retention`.
    /// - Throws: `DaprError`.
    package func markDone(_ lease: IdempotencyLease) async throws {
        try await dapr.saveState(
            store: storeName,
            items: [
                DaprStateItem(
                    key: lease.key.stateKey, value: Record(state: Record.done, owner: lease.owner).json,
                    ttlInSeconds: IdempotencyPolicy.seconds(policy.retention))
            ])
    }

    /// Deletes the claim if it is still this lease's (a later claimant's record is left alone).
    /// - Throws: `DaprError` other than an ETag mismatch (someone else changed it: nothing to release).
    package func release(_ lease: IdempotencyLease) async throws {
        guard let existing = try await dapr.getState(store: storeName, key: lease.key.stateKey),
            let record = try? existing.decode(as: Record.self),
            record.owner == lease.owner, record.state == Record.claimed
        else { return }
        do {
            try await dapr.deleteState(store: storeName, key: lease.key.stateKey, etag: existing.etag)
        } catch let error as DaprError where error.code == .etagMismatch {
            return
        }
    }

    /// The stored record.
    private struct Record: Codable {
        static let claimed = "claimed"
        static let done = "done"
        var state: String
        var owner: String

        var json: [UInt8] {
            // Both fields are ASCII (a fixed word and a UUID), so no escaping is needed.
            Array(#"{"owner":"\#(owner)","state":"\#(state)"}"#.utf8)
        }
    }
}
