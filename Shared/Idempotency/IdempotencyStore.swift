/// Makes a side effect that cannot share a database transaction with its record (a push, a publish, a job) happen
/// once per event id, by claiming `idempotency:<app-id>:<event id>` before doing it.
///
/// ## What is guaranteed
/// Dapr delivers each event **at least once** (a redelivery after a timeout, a crash or a RETRY is normal). With an
/// idempotent effect, that becomes *effectively once*:
/// - Two deliveries of the same event never run the effect at the same time: the claim is an atomic create
///   (`first-write` without an ETag → 409 when the key exists).
/// - After `markDone`, every later delivery within `IdempotencyPolicy.retention` (24 h) gets `.alreadyDone`.
/// - If the effect throws, the claim is released, so the redelivery runs it again.
///
/// ## What is not
/// - **A crash between the effect and `markDone`** leaves the claim in place until `IdempotencyPolicy.lease` (5 min)
///   expires; a redelivery meanwhile gets `.inProgress` (answer RETRY), and one after it runs the effect a second
///   time. So the effect itself should tolerate a rare repeat (carry the event id downstream, e.g. as the CloudEvent
///   id of what it publishes, so the next consumer dedupes in turn).
/// - An effect that takes longer than the lease may run twice if the event is redelivered meanwhile.
/// - Deliveries more than `retention` apart are not deduplicated.
///
/// Database effects need none of this: use `TransactionalIdempotency`, which records the event id in the same
/// transaction as the effect and is exactly once.
///
/// ```swift
/// let outcome = try await idempotency.performOnce(IdempotencyKey(appID: "reminder-fire", eventID: event.id)) {
///     try await gateway.push(reminder)
/// }
/// if case .inProgress = outcome { return .retry }
/// return .success
/// ```
package protocol IdempotencyStore: Sendable {
    /// Tries to claim `key` for this delivery.
    /// - Returns: `.claimed` (do the effect, then `markDone` or `release`), `.alreadyDone` or `.inProgress`.
    /// - Throws: the store's error; the caller should answer RETRY.
    func claim(_ key: IdempotencyKey) async throws -> IdempotencyClaim

    /// Records that the claimed effect happened; later claims get `.alreadyDone` for `retention`.
    func markDone(_ lease: IdempotencyLease) async throws

    /// Gives the claim up after a failed effect, so a redelivery can try again. Only removes this lease's claim.
    func release(_ lease: IdempotencyLease) async throws
}

/// The answer to a claim.
package enum IdempotencyClaim: Sendable, Hashable {
    /// This delivery owns the key: do the effect.
    case claimed(IdempotencyLease)
    /// The effect already happened: skip it and answer SUCCESS.
    case alreadyDone
    /// Another delivery holds the claim and has not finished (or crashed less than a lease ago): answer RETRY.
    case inProgress
}

/// Proof of a claim, needed to mark it done or release it.
package struct IdempotencyLease: Sendable, Hashable {
    package var key: IdempotencyKey
    /// A random token that tells this claim from a later one on the same key.
    package var owner: String

    /// Creates a lease.
    package init(key: IdempotencyKey, owner: String) {
        self.key = key
        self.owner = owner
    }
}

/// What `performOnce` did.
package enum IdempotentOutcome<Value: Sendable>: Sendable {
    /// The effect ran in this call and produced `Value`.
    case performed(Value)
    /// The effect had already run for this key; it was not run again.
    case alreadyDone
    /// Another delivery is running it; answer RETRY.
    case inProgress
}

extension IdempotencyStore {
    /// Claims `key`, runs `effect` if the claim is ours, then marks it done; releases the claim if `effect` throws.
    ///
    /// A failure to mark done after a successful effect is not thrown (the effect did happen; throwing would make the
    /// subscriber RETRY and repeat it): the claim then stays until its lease expires, as after a crash.
    /// - Throws: `effect`'s error (after releasing the claim), or the store's error from `claim`.
    package func performOnce<Value: Sendable>(
        _ key: IdempotencyKey, _ effect: () async throws -> Value
    ) async throws -> IdempotentOutcome<Value> {
        switch try await claim(key) {
        case .alreadyDone: return .alreadyDone
        case .inProgress: return .inProgress
        case .claimed(let lease):
            let value: Value
            do {
                value = try await effect()
            } catch {
                try? await release(lease)
                throw error
            }
            try? await markDone(lease)
            return .performed(value)
        }
    }
}
