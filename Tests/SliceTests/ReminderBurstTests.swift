import FoundationEssentials
import Glibc
import HTTPTypes
import Storage
import Testing

/// Many reminders due at the same second through the real `todofn up`: each fire is a job trigger into
/// reminder-fire whose handler pushes through Dapr service invocation of ws-fanout, i.e. back through the runtime
/// while the trigger is still in flight. When every function shared one HTTP client of 16 transfers, the triggers
/// held all 16 and the invocations they waited on queued behind the other triggers: every push failed after
/// reminder-fire's 10 s Dapr timeout, and every delivery to every other function waited behind them (the
/// `make chaos` stall that dead-lettered 1,254 deliveries to an idle audit-log).
@Suite("a burst of reminders firing together", .serialized)
struct ReminderBurstTests {
    /// More reminders than transfers a function's channel runs at once (16), fewer than the jobs engine fires at
    /// once (64).
    static let count = 48

    @Test(
        "48 reminders due at once: each push reaches ws-fanout on its first attempt, none waits out a timeout",
        arguments: SliceBackend.allCases)
    func burstOfRemindersPushesThrough(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let users = ["alice", "bob", "carol"]
                let clients = try users.map { try TaskClient(stack: stack, user: $0) }
                // Due together, far enough ahead that every create is in before the first fires.
                let at = Self.timestamp(secondsFromNow: 15)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<Self.count {
                        let client = clients[index % clients.count]
                        group.addTask {
                            let response = try await stack.send(
                                .post, "/api/\(client.user)/tasks", token: client.token,
                                json: #"{"title":"burst \#(index)","reminders":[{"at":"\#(at)"}]}"#)
                            try #require(response.status.code == 201, "create: \(response.status)")
                        }
                    }
                    try await group.waitForAll()
                }

                let (stores, auditDB) = try await SliceBackend.auditStores(directory: directory, database: database)
                let firsts = try await Self.firstAttempts(Self.count, in: stores.audit, within: .seconds(180))
                let fired = try await AuditRows.all(stores.audit).filter { $0.entry.type == "com.todo.reminder.triggered.v1" }
                await auditDB.close()
                try #require(firsts.count >= Self.count, "only \(firsts.count) of \(Self.count) first attempts recorded")
                let failedPushes = firsts.filter { $0.reason?.hasPrefix("push failed") == true }
                #expect(
                    failedPushes.isEmpty,
                    "\(failedPushes.count) of \(firsts.count) pushes to ws-fanout failed: \(failedPushes.first?.reason ?? "")")
                #expect(Set(fired.compactMap(\.entry.subject)).count == Self.count, "every reminder fired")
                #expect(fired.count == Self.count, "each fired once")
            }
        }
    }

    /// The outcome of a reminder's first delivery attempt: delivered (no reason) or failed (its reason).
    struct Attempt: Decodable {
        var reminderId: String
        var attempt: Int
        var reason: String?
    }

    /// Polls the audit until `count` reminders have a first attempt (ReminderDelivered or ReminderFailed with
    /// attempt 1), or `limit` passes; returns the first attempts found.
    static func firstAttempts(_ count: Int, in audit: any AuditStore, within limit: Duration) async throws -> [Attempt] {
        let types: Set = ["com.todo.reminder.delivered.v1", "com.todo.reminder.failed.v1"]
        let deadline = ContinuousClock.now + limit
        while true {
            let rows = try await AuditRows.all(audit).filter { types.contains($0.entry.type) }
            let attempts = try rows.map { try JSONDecoder().decode(Attempt.self, from: Data($0.entry.payload.utf8)) }
            var firsts: [String: Attempt] = [:]
            for attempt in attempts where attempt.attempt == 1 { firsts[attempt.reminderId] = attempt }
            if firsts.count >= count || ContinuousClock.now >= deadline { return Array(firsts.values) }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// RFC 3339 in UTC, whole seconds.
    static func timestamp(secondsFromNow seconds: Int) -> String {
        var when = time(nil) + seconds
        var parts = tm()
        gmtime_r(&when, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
