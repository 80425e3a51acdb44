/// Exactly-once database effects: the event id is inserted as a unique key **in the same transaction** as the effect.
///
/// The storage layer implements this (PostgreSQL and SQLite), for instance with a table
/// `processed_events(consumer TEXT, event_id TEXT, PRIMARY KEY (consumer, event_id))`:
/// 1. `BEGIN`;
/// 2. `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING` — zero rows
///    inserted means the event was already applied: `ROLLBACK` and return `.alreadyDone`;
/// 3. run the effect with the same transaction;
/// 4. `COMMIT` (a unique violation raised by a concurrent delivery's commit is also `.alreadyDone`).
///
/// Because the record and the effect commit or roll back together, a redelivery either finds the record (and skips)
/// or finds neither (and applies the effect): exactly once, for as long as the record is kept. The audit log gets
/// the same guarantee more cheaply by making the event id the unique key of its own row.
///
/// ```swift
/// let outcome = try await store.performOnce(IdempotencyKey(appID: "recurrence-generate", eventID: event.id)) { tx in
///     try await tx.insertTask(nextOccurrence)
/// }
/// ```
package protocol TransactionalIdempotency: Sendable {
    /// The storage's transaction handle, given to the effect.
    associatedtype Transaction

    /// Runs `effect` and records `key` in one transaction, unless `key` was recorded before.
    /// - Returns: `.performed` with the effect's value, or `.alreadyDone` (never `.inProgress`: a concurrent
    ///   delivery waits on the row lock and then sees the record).
    /// - Throws: the effect's or the database's error; nothing was recorded then.
    func performOnce<Value: Sendable>(
        _ key: IdempotencyKey, _ effect: (Transaction) async throws -> Value
    ) async throws -> IdempotentOutcome<Value>
}
