import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Storage

/// Issue 15's rows, through the real release `todofn up` on SQLite (functions kept warm):
/// - reminder lateness: `reminders` reminders due over `window` seconds; lateness = the reminder's fired commit
///   (`reminders.updated_at`, stamped in the transaction that writes ReminderTriggered) − its trigger time;
/// - recurrence: `series` recurring tasks completed at once; completions/s until recurrence-generate marked all;
/// - duplicates: `duplicates` copies of the TaskCompleted and ReminderScheduled events already handled, put back in
///   the outbox under new row ids (the CloudEvent ids inside unchanged), so the relay and the runtime deliver them
///   again; then one more completion per user as a sentinel (a user's events keep their order). Extra tasks,
///   RecurringTaskGenerated and ReminderTriggered rows must be 0.
/// `todofn-bench consumers` runs 1,000 reminders over 60 s; `TODOFN_BENCH_QUICK=1` runs 100 over 10 s.
struct ConsumerBenchmarks {
    let binDirectory: String
    private let quick = environment("TODOFN_BENCH_QUICK") != nil
    private let users = 8

    func run(into report: Report) async {
        let stack: TodofnStack
        do {
            stack = try await TodofnStack(binDirectory: binDirectory, name: "consumers", postgresURL: nil, users: users)
        } catch {
            report.failed("consumers: todofn up", error)
            return
        }
        var failed = false
        do {
            let database = try await StorageDatabase.open("\(stack.dataDirectory)/todo.sqlite")
            let client = HTTPClient()
            defer { client.close() }
            let run = ConsumerRun(stack: stack, database: database, client: client, users: users)
            try await run.reminders(count: quick ? 100 : 1_000, window: quick ? 10 : 60, into: report)
            try await run.recurrence(count: quick ? 100 : 500, into: report)
            try await run.duplicates(count: 10_000, into: report)
            await database.close()
        } catch {
            failed = true
            report.failed("consumers", BenchmarkError("\(error) (log kept in \(stack.dataDirectory)/todofn.log)"))
        }
        stack.stop(keep: failed || environment("TODOFN_BENCH_KEEP") != nil)
    }
}
