import FoundationEssentials
import Storage
import Testing

/// Polls the tasks database of a running stack: the tests wait for the rows an event leads to, never for a window.
struct ConsumerWaits: Sendable {
    let database: any SQLDatabase

    /// One integer from `sql`.
    func count(_ sql: String, _ binds: [SQLValue] = []) async throws -> Int {
        try await database.read { Int(try $0.query(sql, binds).first?.int(0) ?? 0) }
    }

    /// Polls `sql` until it counts at least `expected` (or `limit` passes); returns the last count.
    @discardableResult
    func until(_ expected: Int, _ sql: String, _ binds: [SQLValue] = [], within limit: Duration = .seconds(90))
        async throws -> Int
    {
        let deadline = ContinuousClock.now + limit
        var last = try await count(sql, binds)
        while last < expected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            last = try await count(sql, binds)
        }
        return last
    }

    /// Rows of `eventType` in the outbox.
    func events(_ eventType: String) async throws -> Int {
        try await count("SELECT count(*) FROM outbox WHERE event_type = $1", [.text(eventType)])
    }
}
