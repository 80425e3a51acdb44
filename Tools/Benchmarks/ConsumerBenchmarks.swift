import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Storage

/// Issue 15's rows, through the real release `todofn up` on SQLite with `--idle-timeout 2s` (functions stop when
/// idle, as they scale to zero in a cluster), one live WebSocket per bench user (``LiveSockets``):
/// - reminder lateness: `reminders` reminders due over `window` seconds, the window starting with reminder-fire
///   and ws-fanout stopped; lateness = the ReminderTriggered frame read on the user's socket − its `remindAt`; then
///   rounds of reminders due with both functions stopped (every one pays both starts);
/// - recurrence: `series` recurring tasks completed at once; completions/s until recurrence-generate marked all;
/// - duplicates: `duplicates` copies of the TaskCompleted and ReminderScheduled events already handled, put back in
///   the outbox under new row ids (the CloudEvent ids inside unchanged), so the relay and the runtime deliver them
///   again (with ReminderTriggered copies, which ws-fanout must not push twice); then one more completion per user as
///   a sentinel (a user's events keep their order). Extra tasks, RecurringTaskGenerated, ReminderTriggered and
///   ReminderDelivered rows, and reminders read twice on a socket, must be 0;
/// (audit-log's rate on PostgreSQL is the group `audit`, ``AuditRun``).
/// `todofn-bench consumers` runs 1,000 reminders over 60 s; `TODOFN_BENCH_QUICK=1` runs 100 over 10 s.
struct ConsumerBenchmarks {
    let binDirectory: String
    private let quick = environment("TODOFN_BENCH_QUICK") != nil
    private let users = 8

    func run(into report: Report) async {
        let stack: TodofnStack
        do {
            stack = try await TodofnStack(
                binDirectory: binDirectory, name: "consumers", postgresURL: nil, users: users, idleTimeout: "2s")
        } catch {
            report.failed("consumers: todofn up", error)
            return
        }
        await stack.measure("consumers", into: report) { stack in
            let database = try await StorageDatabase.open("\(stack.dataDirectory)/todo.sqlite")
            let client = HTTPClient()
            defer { client.close() }
            let sockets = LiveSockets()
            try sockets.open(port: stack.port, tokens: stack.tokens)
            let run = ConsumerRun(stack: stack, database: database, client: client, users: users, sockets: sockets)
            try await run.reminders(count: quick ? 100 : 1_000, window: quick ? 10 : 60, into: report)
            try await run.coldReminders(rounds: quick ? 2 : 5, into: report)
            try await run.recurrence(count: quick ? 100 : 500, into: report)
            try await run.duplicates(count: 10_000, into: report)
            await database.close()
        }
    }
}
