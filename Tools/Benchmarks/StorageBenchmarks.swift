import FoundationEssentials
import Glibc
import Storage

/// Issue 4's rows: task create + outbox row in one transaction (creates/s) on PostgreSQL and SQLite, batched audit
/// appends (rows/s), beside pgbench TPC-B on the same server in the same run.
struct StorageBenchmarks {
    let postgresURL: String?
    let seconds: Int

    func run(into report: Report) async {
        var pgbench = "pgbench not run"
        if let postgresURL {
            if let tps = try? runPgbench(postgresURL) { pgbench = "pgbench TPC-B -c4 \(grouped(tps)) tps" }
            do {
                let url = try ScratchDatabase.recreate(postgresURL, name: "todofn_bench")
                let (creates, audit) = try await measure(url, clients: 16)
                report.add(
                    BenchmarkRow(
                        name: "PostgreSQL task+outbox creates/s (16 clients, sync on)",
                        value: grouped(creates), target: "≥ 3,000", reference: pgbench))
                report.add(
                    BenchmarkRow(
                        name: "PostgreSQL audit appends rows/s (batches of 1,000)",
                        value: grouped(audit), target: "≥ 30,000", reference: pgbench))
            } catch {
                report.failed("PostgreSQL storage", error)
            }
        }
        do {
            let path = "/tmp/todofn-bench-\(getpid()).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
            let (creates, audit) = try await measure(path, clients: 8)
            report.add(
                BenchmarkRow(
                    name: "SQLite task+outbox creates/s (8 clients, WAL)", value: grouped(creates),
                    target: "≥ 20,000", reference: pgbench))
            report.add(
                BenchmarkRow(
                    name: "SQLite audit appends rows/s (batches of 1,000)", value: grouped(audit),
                    target: "", reference: ""))
        } catch {
            report.failed("SQLite storage", error)
        }
    }

    /// Creates/s with `clients` concurrent callers for `seconds`, then audit rows/s in 20 batches of 1,000.
    private func measure(_ location: String, clients: Int) async throws -> (Double, Double) {
        let database = try await StorageDatabase.open(location, poolSize: clients)
        try await Migrator(database: database).migrate()
        // Keyed, as audit-log runs: HMAC-SHA256 links under a chain key.
        let stores = Stores(database: database, hasher: CryptoAuditHasher(), auditChainKey: Array("bench chain key".utf8))
        let payload = Array(repeating: UInt8(ascii: "x"), count: 600)
        let duration = UInt64(seconds) * 1_000_000_000
        let start = monotonicNanos()
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var count = 0
                    while monotonicNanos() - start < duration {
                        let eventID = TimeOrderedUUID.make()
                        _ = try await stores.tasks.create(
                            NewTask(id: TimeOrderedUUID.make(), userID: "user\(client)", title: "bench task", tags: ["a"])
                        ) { task in
                            [
                                OutboxMessage(
                                    eventID: eventID, topic: "task-events", partitionKey: task.userID,
                                    eventType: "com.todo.task.created.v1", payload: payload)
                            ]
                        }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let creates = Double(total) / (Double(monotonicNanos() - start) / 1e9)
        let auditStart = monotonicNanos()
        for batch in 0..<20 {
            let entries = (0..<1000).map { index in
                NewAuditEntry(
                    eventID: TimeOrderedUUID.make(), type: "com.todo.task.created.v1", source: "/task-crud",
                    subject: "task-\(index)", actor: "user\(index % 10)",
                    payload: #"{"title":"bench \#(batch)-\#(index)"}"#, eventTime: Date(), receivedAt: Date())
            }
            _ = try await stores.audit.append(batch: entries)
        }
        let audit = 20_000 / (Double(monotonicNanos() - auditStart) / 1e9)
        await database.close()
        return (creates, audit)
    }

    /// pgbench TPC-B, 4 clients, prepared, on a scale-10 scratch database of the same server.
    private func runPgbench(_ url: String) throws -> Double {
        let scratch = try ScratchDatabase.recreate(url, name: "todofn_pgbench")
        guard try ChildProcess("pgbench", ["-i", "-s", "10", "-q", scratch]).wait() == 0 else {
            throw BenchmarkError("pgbench -i failed")
        }
        let run = try ChildProcess(
            "pgbench", ["-c", "4", "-j", "2", "-T", "\(seconds)", "-M", "prepared", scratch],
            captureOutput: true)
        let output = run.readOutput()
        run.wait()
        for line in output.split(separator: "\n") where line.hasPrefix("tps = ") {
            if let value = Double(line.split(separator: " ")[2]) { return value }
        }
        throw BenchmarkError("no tps in pgbench output")
    }
}
