import FoundationEssentials
import Glibc
import HTTPTypes
import Storage
import Synchronization
import Testing

/// kill -9 of audit-log, then of the whole runtime, during a burst of 1,000 creates: after a restart every task
/// in the database has exactly one audit row, and every acknowledged create is among them.
@Suite("crashes during a burst", .serialized)
struct CrashTests {
    @Test(
        "kill -9 audit-log and then the runtime mid-burst: still exactly one audit row per task",
        arguments: SliceBackend.allCases)
    func crashesLoseNothingAndDuplicateNothing(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            let acknowledged = Acknowledged()
            let killed = Acknowledged()
            let first = try await Stack(directory: directory, database: database)
            // Phase 1: creates until 600 are acknowledged; audit-log is killed at 300, the runtime at 600 while
            // requests are still in flight.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Burst.run(first, until: Int.max, acknowledged: acknowledged) { killed.count > 0 }
                }
                group.addTask {
                    try await Burst.waitFor(300, acknowledged)
                    let pid = try #require(first.functionPID("audit-log"), "audit-log is running")
                    kill(pid, SIGKILL)
                    try await Burst.waitFor(600, acknowledged)
                    killed.insert("runtime")
                    await first.kill9()
                }
                try await group.waitForAll()
            }
            // Phase 2: the stack comes back over the same data; the burst goes on to 1,000 acknowledged creates.
            let second = try await Stack(directory: directory, database: database)
            do {
                try await Burst.run(second, until: 1000, acknowledged: acknowledged) { false }
            } catch {
                await second.stop()
                throw error
            }

            let (taskStores, taskDB) = try await SliceBackend.taskStores(directory: directory, database: database)
            var stored: Set<String> = []
            for user in Burst.users {
                var cursor: String?
                repeat {
                    let page = try await taskStores.tasks.list(TaskFilter(userID: user, limit: 1000, cursor: cursor))
                    stored.formUnion(page.tasks.map { $0.id.uuidString.lowercased() })
                    cursor = page.nextCursor
                } while cursor != nil
            }
            await taskDB.close()
            let (auditStores, auditDB) = try await SliceBackend.auditStores(directory: directory, database: database)
            let rows = try await AuditRows.waitFor(stored.count, in: auditStores.audit, within: .seconds(90))
            await auditDB.close()
            // The keyed chain and its signed checkpoint, checked by audit-log itself (the key never leaves it).
            let verification = try await second.send(.get, "/audit/verify", token: second.token("root", admin: true))
            let broken = String(decoding: verification.body, as: UTF8.self)

            let ids = acknowledged.ids
            #expect(ids.count >= 1000)
            #expect(ids.isSubset(of: stored), "every acknowledged create is stored")
            let subjects = rows.compactMap(\.entry.subject)
            #expect(rows.count == stored.count, "one audit row per stored task (\(rows.count) rows, \(stored.count) tasks)")
            #expect(Set(subjects) == stored, "the audited tasks are exactly the stored ones")
            #expect(Set(subjects).count == subjects.count, "no task audited twice")
            #expect(broken == #"{"valid":true}"#, "the chain verifies: \(broken)")
            await second.stop()
        }
    }
}

/// Concurrent creates by three users, two connections each.
enum Burst {
    static let users = ["alice", "bob", "carol"]

    /// Creates until `target` creates are acknowledged in total; records each acknowledged id. A worker retries a
    /// failure, and stops at one once `stopsOnError` holds (the stack was killed under it): stopping at any earlier
    /// failure (a 502 on a busy machine) left the kill waiting forever for creates nobody made.
    static func run(
        _ stack: Stack, until target: Int, acknowledged: Acknowledged, stopsOnError: @escaping @Sendable () -> Bool
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for user in users {
                let client = try TaskClient(stack: stack, user: user)
                for worker in 0..<2 {
                    group.addTask {
                        var step = 0
                        while acknowledged.count < target {
                            step += 1
                            let response = try? await stack.send(
                                .post, "/api/\(user)/tasks", token: client.token,
                                json: #"{"title":"burst \#(worker)-\#(step)"}"#)
                            guard let response, response.status.code == 201,
                                let task = try? Body.decode(Body.Task.self, response.body)
                            else {
                                if stopsOnError() { return }
                                try await Task.sleep(for: .milliseconds(50))
                                continue
                            }
                            acknowledged.insert(task.id)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Returns once `count` creates are acknowledged; throws after 5 minutes rather than waiting forever.
    static func waitFor(_ count: Int, _ acknowledged: Acknowledged) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while acknowledged.count < count {
            guard ContinuousClock.now < deadline else {
                throw BurstStalled(message: "\(acknowledged.count) of \(count) creates acknowledged after 5 minutes")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    struct BurstStalled: Error {
        let message: String
    }
}

/// The ids of acknowledged creates, shared by the burst's workers.
final class Acknowledged: Sendable {
    private let state = Mutex<Set<String>>([])
    var count: Int { state.withLock { $0.count } }
    var ids: Set<String> { state.withLock { $0 } }
    func insert(_ id: String) { state.withLock { _ = $0.insert(id) } }
}
