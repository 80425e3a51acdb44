/// Runs `body` again when it fails with a retryable ``PostgresError`` (serialization failure, deadlock, lost
/// connection), up to `attempts` times in all, with a short growing pause between tries.
///
/// `body` must be a whole unit of work (a complete transaction, or a single autocommit statement), so a retry
/// never repeats half of one.
/// - Parameters:
///   - attempts: the maximum number of tries (at least 1).
///   - unwrap: finds the ``PostgresError`` inside an error a caller wrapped (such as a storage error).
///   - body: the unit of work.
/// - Returns: what `body` returns.
/// - Throws: the last error, or the first one that is not retryable.
package func withPostgresRetry<T>(
    attempts: Int = 5, unwrap: (any Error) -> PostgresError? = { $0 as? PostgresError }, _ body: () async throws -> T
) async throws -> T {
    var attempt = 1
    while true {
        do {
            return try await body()
        } catch {
            guard let cause = unwrap(error), cause.isRetryable, attempt < attempts else { throw error }
            try await Task.sleep(for: .milliseconds(5 * attempt * attempt + Int.random(in: 0...5)))
            attempt += 1
        }
    }
}
