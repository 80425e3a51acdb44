import EventRelay
import FoundationEssentials
import FunctionRuntime
import Storage

/// Issue 11's relay rows on PostgreSQL (a scratch database of its own): the real `OutboxRelayWorker` over the real
/// outbox, with task-crud's pool (4 connections) and lease (10 s), while 32 clients create tasks through the same
/// pool as fast as they can (task-crud under `wrk -c32`), and its cron binding sweeping every 10 s. The publisher
/// accepts every batch in-process after 3 ms (a bulk publish to the sidecar), so the rows measure the relay and its
/// queries, not Dapr.
/// - backlog: 20,000 events already in the outbox drain while the creates run (events/s of the backlog alone).
/// - sustained: publishes/s against creates/s over `relaySeconds` (60 s in the full bench), and how far behind
///   the relay was when the creates stopped.
struct RelayBenchmarks {
    let postgresURL: String
    let relaySeconds: Int
    private let clients = 32
    private let backlog = 20_000

    func run(into report: Report) async {
        do {
            let url = try ScratchDatabase.recreate(postgresURL, name: "todofn_bench_relay")
            try await drain(url, into: report)
            try await sustained(url, into: report)
        } catch {
            report.failed("relay PostgreSQL", error)
        }
    }

    private func drain(_ url: String, into report: Report) async throws {
        let bench = try await RelayBench(url: url)
        try await bench.fillBacklog(backlog)
        let load = bench.startCreates(clients: clients)
        let started = monotonicNanos()
        let relay = bench.startRelay()
        try await bench.publisher.waitUntil(published: backlog, timeout: 120)
        let seconds = Double(monotonicNanos() - started) / 1e9
        load.cancel()
        _ = await load.value
        relay.cancel()
        await relay.value
        await bench.close()
        report.add(
            BenchmarkRow(
                name: "relay PostgreSQL: 20,000 backlog drain events/s under load",
                value: grouped(Double(backlog) / seconds), target: "≥ 4,000",
                reference: "\(clients) clients creating beside it; issue 11 saw ~100/s"))
    }

    private func sustained(_ url: String, into report: Report) async throws {
        let bench = try await RelayBench(url: url)
        let before = try await bench.unsent()
        let relay = bench.startRelay()
        try await bench.publisher.waitUntil(published: before, timeout: 120)
        let publishedBefore = bench.publisher.count
        let started = monotonicNanos()
        let load = bench.startCreates(clients: clients)
        try await Task.sleep(for: .seconds(relaySeconds))
        let elapsed = Double(monotonicNanos() - started) / 1e9
        let published = bench.publisher.count - publishedBefore
        load.cancel()
        let creates = await load.value
        let behind = try await bench.unsent()
        relay.cancel()
        await relay.value
        await bench.close()
        let ratio = creates > 0 ? Double(published) / Double(creates) * 100 : 0
        report.add(
            BenchmarkRow(
                name: "relay PostgreSQL: publishes/s vs creates/s (\(relaySeconds) s)",
                value: "\(grouped(Double(published) / elapsed)) / \(grouped(Double(creates) / elapsed))",
                target: "≥ 90%",
                reference: "\(fixed(ratio, 1))%; \(grouped(Double(behind))) unsent when the creates stopped"))
    }
}

/// One bench database: its stores (task-crud's pool of 4), a counting publisher, and the load.
private struct RelayBench {
    let database: any SQLDatabase
    let stores: Stores
    let publisher = CountingPublisher()
    let worker: OutboxRelayWorker

    init(url: String) async throws {
        database = try await StorageDatabase.open(url, poolSize: 4)
        try await Migrator(database: database).migrate()
        stores = Stores(database: database, hasher: CryptoAuditHasher())
        worker = OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: publisher, lease: .seconds(10)))
    }

    /// Appends `count` events for 16 users, 1,000 per transaction.
    func fillBacklog(_ count: Int) async throws {
        for start in stride(from: 0, to: count, by: 1000) {
            try await stores.outbox.append(
                (start..<min(count, start + 1000)).map { RelayBench.message(user: "user\($0 % 16)") })
        }
    }

    /// `clients` tasks each creating a task (task row + outbox row) and notifying the relay, until cancelled.
    /// - Returns: the task whose value is how many creates committed.
    func startCreates(clients: Int) -> Task<Int, Never> {
        let stores = stores
        let worker = worker
        return Task {
            await withTaskGroup(of: Int.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        var count = 0
                        while !Task.isCancelled {
                            let user = "user\(client % 16)"
                            guard
                                (try? await stores.tasks.create(
                                    NewTask(id: TimeOrderedUUID.make(), userID: user, title: "relay bench")
                                ) { _ in [RelayBench.message(user: user)] }) != nil
                            else { continue }
                            count += 1
                            worker.notify()
                        }
                        return count
                    }
                }
                return await group.reduce(0, +)
            }
        }
    }

    /// The worker, and task-crud's `outbox-relay-cron` binding: a sweep (`relayNow`) every 10 s beside it.
    func startRelay() -> Task<Void, Never> {
        let worker = worker
        return Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await worker.run(logger: Logger(label: "relay-bench", level: .warning)) }
                group.addTask {
                    await withTaskGroup(of: Void.self) { sweeps in
                        while (try? await Task.sleep(for: .seconds(10))) != nil {
                            sweeps.addTask { _ = try? await worker.relayNow() }
                        }
                    }
                }
            }
        }
    }

    func unsent() async throws -> Int { try await stores.outbox.unsentCount() }

    func close() async { await database.close() }

    static func message(user: String) -> OutboxMessage {
        OutboxMessage(
            eventID: TimeOrderedUUID.make(), topic: "task-events", partitionKey: user,
            eventType: "com.todo.task.created.v1", payload: Array(#"{"title":"relay bench"}"#.utf8))
    }
}
