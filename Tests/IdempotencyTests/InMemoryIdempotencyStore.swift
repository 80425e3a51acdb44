import Idempotency
import Synchronization

/// An `IdempotencyStore` in memory, with the same claimed/done states as `DaprIdempotencyStore` (no expiry).
///
/// Kept here until `Shared/FunctionTesting` can depend on `Idempotency`; handler tests would use it from there.
final class InMemoryIdempotencyStore: IdempotencyStore {
    private enum State { case claimed(owner: String), done }
    private let records = Mutex<[IdempotencyKey: State]>([:])
    private let counter = Atomic<Int>(0)

    func claim(_ key: IdempotencyKey) async throws -> IdempotencyClaim {
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

    func markDone(_ lease: IdempotencyLease) async throws {
        records.withLock { $0[lease.key] = .done }
    }

    func release(_ lease: IdempotencyLease) async throws {
        records.withLock { records in
            if case .claimed(let owner)? = records[lease.key], owner == lease.owner { records[lease.key] = nil }
        }
    }
}
