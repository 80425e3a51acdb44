package import Idempotency
import Synchronization

/// An `IdempotencyStore` in memory, with the claimed and done states of `DaprIdempotencyStore` (no expiry, no lease).
///
/// ```swift
/// let handler = ReminderFireHandler(idempotency: InMemoryIdempotencyStore(), …)
/// ```
package final class InMemoryIdempotencyStore: IdempotencyStore {
    private enum State {
        case claimed(owner: String)
        case done
    }

    private let records = Mutex<[IdempotencyKey: State]>([:])
    private let counter = Atomic<Int>(0)

    /// Creates an empty store.
    package init() {}

    /// Claims `key` unless it is claimed or done.
    package func claim(_ key: IdempotencyKey) async throws -> IdempotencyClaim {
        let owner = "owner-\(counter.add(1, ordering: .relaxed).newValue)"
        return records.withLock { records in
            switch records[key] {
            case .done?: return .alreadyDone
            case .claimed?: return .inProgress
            case nil:
                records[key] = .claimed(owner: owner)
                return .claimed(IdempotencyLease(key: key, owner: owner))
            }
        }
    }

    /// Marks the key done.
    package func markDone(_ lease: IdempotencyLease) async throws {
        records.withLock { $0[lease.key] = .done }
    }

    /// Removes the claim if it is still this lease's.
    package func release(_ lease: IdempotencyLease) async throws {
        records.withLock { records in
            if case .claimed(let owner)? = records[lease.key], owner == lease.owner { records[lease.key] = nil }
        }
    }

    /// Whether the effect for `key` was marked done.
    package func isDone(_ key: IdempotencyKey) -> Bool {
        records.withLock { if case .done? = $0[key] { true } else { false } }
    }
}
