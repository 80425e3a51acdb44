import FoundationEssentials
import Glibc
import HTTPClient
import Storage

/// audit-log's rate on PostgreSQL through the real `todofn up` (functions kept warm): `count` TaskCreated events with
/// fresh CloudEvent ids (copies of real ones, 8 users) are put in task-crud's outbox at once; a request wakes
/// task-crud's relay, which publishes them; the embedded pub/sub delivers them in bulk (100 a request) to audit-log,
/// which appends each bulk as one batch. Two figures: the audit rows' own span (first → last `received_at`, how fast
/// audit-log took them) and the wall time from the wake-up to the last row (relay and pub/sub included).
struct AuditRun {
    let binDirectory: String
    let postgresURL: String
    let count: Int
    private let users = 8

    init(binDirectory: String, postgresURL: String, count: Int) {
        self.binDirectory = binDirectory
        self.postgresURL = postgresURL
        self.count = count
    }

    func run(into report: Report) async {
        let stack: TodofnStack
        do {
            let url = try ScratchDatabase.recreate(postgresURL, name: "todofn_bench_consumers")
            stack = try await TodofnStack(binDirectory: binDirectory, name: "consumers-pg", postgresURL: url, users: users)
        } catch {
            report.failed("consumers audit PostgreSQL: todofn up", error)
            return
        }
        await stack.measure("consumers audit PostgreSQL", into: report) { stack in
            try await measure(stack, into: report)
        }
    }

    private func measure(_ stack: TodofnStack, into report: Report) async throws {
        for user in 0..<users { try await stack.create(user: user, title: "audit seed") }
        let database = try await StorageDatabase.open(stack.postgresURL ?? "", poolSize: 2)
        do {
            try await measure(stack, database, into: report)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    private func measure(_ stack: TodofnStack, _ database: any SQLDatabase, into report: Report) async throws {
        let scalar = { (sql: String) async throws -> Int in
            Int(try await database.read { try $0.query(sql, []).first?.int(0) ?? 0 })
        }
        while try await scalar("SELECT count(*) FROM audit_entries") < users { usleep(20_000) }
        let seeds = try await database.read { executor in
            try executor.query(
                "SELECT event_id, topic, partition_key, event_type, payload FROM outbox WHERE event_type = $1",
                [.text("com.todo.task.created.v1")]
            ).map { row in
                (
                    id: try row.string(0) ?? "", topic: try row.string(1) ?? "", key: try row.string(2) ?? "",
                    type: try row.string(3) ?? "", payload: String(decoding: try row.bytes(4) ?? [], as: UTF8.self)
                )
            }
        }
        guard !seeds.isEmpty else { throw BenchmarkError("no TaskCreated to copy") }
        let before = try await scalar("SELECT coalesce(max(sequence), 0) FROM audit_entries")
        let outbox = SQLOutboxStore(database: database)
        var batch: [OutboxMessage] = []
        for index in 0..<count {
            let seed = seeds[index % seeds.count]
            let id = UUID()
            let payload = seed.payload.replacing(seed.id.lowercased(), with: id.uuidString.lowercased())
            batch.append(
                OutboxMessage(
                    eventID: id, topic: seed.topic, partitionKey: seed.key, eventType: seed.type, payload: Array(payload.utf8)))
            if batch.count == 1_000 || index == count - 1 {
                try await outbox.append(batch)
                batch = []
            }
        }
        let started = monotonicNanos()
        try await stack.create(user: 0, title: "audit wake")
        let expected = before + count + 1
        let deadline = started + 300_000_000_000
        var audited = before
        while audited < expected, monotonicNanos() < deadline {
            usleep(20_000)
            audited = try await scalar("SELECT coalesce(max(sequence), 0) FROM audit_entries")
        }
        let wall = Double(monotonicNanos() - started) / 1e9
        guard audited >= expected else { throw BenchmarkError("\(audited - before) of \(count + 1) events audited in 300 s") }
        let micros = try await database.read { executor in
            try executor.query(
                """
                SELECT (extract(epoch FROM max(received_at) - min(received_at)) * 1000000)::bigint
                FROM audit_entries WHERE sequence > $1
                """,
                [.int(Int64(before))]
            ).first?.int(0) ?? 0
        }
        let span = Double(micros) / 1e6
        try await stack.verifyAudit()
        report.add(
            BenchmarkRow(
                name: "consumers: audit-log events/s on PostgreSQL (\(grouped(Double(count))) events; its own span / wall)",
                value: "\(grouped(Double(count) / max(span, 0.001))) / \(grouped(Double(count) / wall))",
                target: "≥ 5,000", reference: "seed's stack about 220/s; wall includes task-crud's relay and the pub/sub"))
    }
}
