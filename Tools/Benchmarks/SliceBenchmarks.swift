import Glibc

/// Issue 6's rows: the first slice end to end through the real release `todofn up` (ingress → task-crud → outbox →
/// relay → embedded pub/sub → audit-log), on SQLite and, when a URL is given, PostgreSQL (a scratch database of
/// its own, dropped and created again each run). For each backend: create → audit row latency at a fixed 500
/// creates/s, then creates/s under wrk and whether the audit kept up.
struct SliceBenchmarks {
    let binDirectory: String
    let postgresURL: String?
    let seconds: Int
    private let users = 16
    private let pacedRate = 500
    private let pacedSeconds = 6
    private let reference = "seed asked for 100 events/s"

    init(binDirectory: String, postgresURL: String?, seconds: Int) {
        self.binDirectory = binDirectory
        self.postgresURL = postgresURL
        self.seconds = seconds
    }

    func run(into report: Report) async {
        await measure(backend: "SQLite", postgresURL: nil, into: report)
        guard let postgresURL else { return }
        do {
            let url = try ScratchDatabase.recreate(postgresURL, name: "todofn_bench_slice")
            await measure(backend: "PostgreSQL", postgresURL: url, into: report)
        } catch {
            report.failed("slice PostgreSQL", error)
        }
    }

    private func measure(backend: String, postgresURL: String?, into report: Report) async {
        let stack: TodofnStack
        do {
            stack = try await TodofnStack(
                binDirectory: binDirectory, name: "slice-\(backend.lowercased())", postgresURL: postgresURL,
                users: users)
        } catch {
            report.failed("slice \(backend): todofn up", error)
            return
        }
        await stack.measure("slice \(backend)", into: report) { stack in
            try await warmUp(stack)
            let database = try await StackDatabase(stack)
            _ = try await database.waitUntilAudited(timeout: 30)
            do {
                try await paced(stack, database, backend: backend, into: report)
                try await burst(stack, database, backend: backend, into: report)
                try await stack.verifyAudit()
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        }
    }

    /// Starts both functions and fills the connections: 200 creates from 16 concurrent users.
    private func warmUp(_ stack: TodofnStack) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for user in 0..<users {
                group.addTask { for _ in 0..<(200 / 16) { try await stack.create(user: user, title: "bench warm-up") } }
            }
            try await group.waitForAll()
        }
    }

    /// Creates at a fixed rate (open loop, users in turn), then each task's create → audit row latency.
    private func paced(_ stack: TodofnStack, _ database: StackDatabase, backend: String, into report: Report)
        async throws
    {
        let users = users
        let load = try await PacedLoad.run(count: pacedRate * pacedSeconds, perSecond: pacedRate, workers: 8) {
            try await stack.create(user: $0 % users, title: "bench paced")
        }
        _ = try await database.waitUntilAudited(timeout: 30)
        let latencies = try await database.latencies(title: "bench paced")
        guard latencies.count == load.sent else {
            throw BenchmarkError("\(load.sent) paced creates but \(latencies.count) audit rows")
        }
        report.add(
            BenchmarkRow(
                name: "slice \(backend): create → audit p50 / p99 ms at \(pacedRate)/s",
                value: "\(fixed(percentile(latencies, 50), 2)) / \(fixed(percentile(latencies, 99), 2))",
                target: "p99 ≤ 20",
                reference:
                    "\(grouped(Double(load.sent))) creates at \(fixed(load.perSecond, 0))/s, max \(fixed(latencies.max() ?? 0, 1)) ms; \(reference)"
            ))
        let relay = try await database.relayLatencies(title: "bench paced")
        report.add(
            BenchmarkRow(
                name: "  of which create → outbox marked sent (relay) p50 / p99",
                value: "\(fixed(percentile(relay, 50), 2)) / \(fixed(percentile(relay, 99), 2))", target: "",
                reference: "sent_at is stamped once Dapr accepted the whole batch"))
    }

    /// wrk with 16 connections POSTing creates for `seconds`; then how far behind the audit was and how long it took
    /// to catch up.
    private func burst(_ stack: TodofnStack, _ database: StackDatabase, backend: String, into report: Report)
        async throws
    {
        let before = try await database.counts()
        let started = monotonicNanos()
        let creates = try Wrk.requestsPerSecond(
            url: "http://127.0.0.1:\(stack.port)", connections: 16, seconds: seconds,
            script: stack.wrkScript(title: "bench burst"))
        let elapsed = Double(monotonicNanos() - started) / 1e9
        let after = try await database.counts()
        let unsent = try await database.unsentCount()
        let catchUp = try await database.waitUntilAudited(timeout: 30)
        report.add(
            BenchmarkRow(
                name: "slice \(backend): creates/s through todofn up (wrk -c16)", value: grouped(creates),
                target: "≥ 1,000", reference: reference))
        report.add(
            BenchmarkRow(
                name: "slice \(backend): audit rows/s in burst; caught up after",
                value: "\(grouped(Double(after.audited - before.audited) / elapsed)), \(fixed(catchUp, 2)) s",
                target: "≤ 1 s behind",
                reference:
                    "\(grouped(Double(after.tasks - after.audited))) rows behind when wrk stopped, \(grouped(Double(unsent))) not yet marked sent by the relay"
            ))
    }
}
