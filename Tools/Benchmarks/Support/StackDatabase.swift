import FoundationEssentials
import Storage

/// Read-only access to a running stack's tasks and audit tables, straight from the databases (no HTTP, so
/// counting does not load the functions being measured): `<data>/todo.sqlite` and `<data>/audit.sqlite`, or the
/// one PostgreSQL database both functions share.
struct StackDatabase {
    private let tasks: any SQLDatabase
    private let audit: any SQLDatabase
    private let shared: Bool

    /// Opens the databases of `stack` (after audit-log has started, so its SQLite file exists).
    /// - Throws: `StorageError`.
    init(_ stack: TodofnStack) async throws {
        if let url = stack.postgresURL {
            tasks = try await StorageDatabase.open(url, poolSize: 1)
            audit = tasks
            shared = true
        } else {
            tasks = try await StorageDatabase.open("\(stack.dataDirectory)/todo.sqlite")
            audit = try await StorageDatabase.open("\(stack.dataDirectory)/audit.sqlite")
            shared = false
        }
    }

    /// How many tasks exist, and how many audit rows (the bench only creates, so each row is a TaskCreated; the
    /// chain's sequence has no gaps, so its highest value is the count, read from the primary key without a scan).
    func counts() async throws -> (tasks: Int, audited: Int) {
        let tasks = try await tasks.read { try $0.query("SELECT count(*) FROM tasks", [])[0].int(0) ?? 0 }
        return (Int(tasks), try await auditedCount())
    }

    /// Events task-crud has committed but its relay has not yet marked sent.
    func unsentCount() async throws -> Int {
        Int(try await tasks.read { try $0.query("SELECT count(*) FROM outbox WHERE sent_at IS NULL", [])[0].int(0) ?? 0 })
    }

    private func auditedCount() async throws -> Int {
        Int(try await audit.read { try $0.query("SELECT max(sequence) FROM audit_entries", [])[0].int(0) ?? 0 })
    }

    /// Polls the audit every 5 ms until every task has its row, once the load has stopped (tasks are counted again
    /// at the end, for requests that were still in flight); returns the seconds that took.
    /// - Throws: `BenchmarkError` after `timeout` seconds.
    func waitUntilAudited(timeout: Double) async throws -> Double {
        let start = monotonicNanos()
        var tasks = try await counts().tasks
        while true {
            let audited = try await auditedCount()
            let elapsed = Double(monotonicNanos() - start) / 1e9
            if audited >= tasks {
                let recount = try await counts().tasks
                if recount == tasks { return elapsed }
                tasks = recount
                continue
            }
            if elapsed > timeout { throw BenchmarkError("audit still \(tasks - audited) rows behind after \(Int(timeout)) s") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Create → audit latency in ms for every task titled `title`: the audit entry's `received_at` (audit-log's
    /// clock when the event arrived) minus the task's `created_at` (task-crud's clock before its commit), both
    /// stored to the microsecond. Tasks without an audit row yet are left out.
    func latencies(title: String) async throws -> [Double] {
        let created = try await tasks.read { executor in
            try executor.query("SELECT id, created_at FROM tasks WHERE title = $1", [.text(title)]).map { row in
                (try row.uuid(0).required("id").uuidString.lowercased(), try row.date(1).required("created_at"))
            }
        }
        let received = try await audit.read { executor in
            try executor.query("SELECT subject, received_at FROM audit_entries", []).map { row in
                (try row.string(0) ?? "", try row.date(1).required("received_at"))
            }
        }
        let arrivals = Dictionary(received, uniquingKeysWith: { first, _ in first })
        return created.compactMap { id, createdAt in
            arrivals[id].map { $0.timeIntervalSince(createdAt) * 1000 }
        }
    }

    /// The relay's share of that latency, in ms, for every task titled `title`: its outbox row's `sent_at` (stamped
    /// when task-crud's relay marks the batch sent, after Dapr accepted it) minus the task's `created_at` (the same
    /// instant as the outbox row's `created_at`, which is how the two are joined).
    func relayLatencies(title: String) async throws -> [Double] {
        try await tasks.read { executor in
            try executor.query(
                """
                SELECT t.created_at, o.sent_at FROM tasks t
                JOIN outbox o ON o.partition_key = t.user_id AND o.created_at = t.created_at
                WHERE t.title = $1 AND o.sent_at IS NOT NULL
                """, [.text(title)]
            ).map { row in
                try row.date(1).required("sent_at").timeIntervalSince(try row.date(0).required("created_at")) * 1000
            }
        }
    }

    /// Closes the connections.
    func close() async {
        await tasks.close()
        if !shared { await audit.close() }
    }
}
