import CloudEvents
import FoundationEssentials
import Glibc
import JSON
import Storage

/// The reminder rows of ``ConsumerRun``: lateness from the job's due time to the ReminderTriggered frame read on
/// the user's live WebSocket (job → reminder-fire → commit → ws-fanout → ws-gateway → socket).
extension ConsumerRun {
    /// `count` reminders due over `window` seconds, the window starting once reminder-fire and ws-fanout have
    /// stopped (idle), so the first reminders pay their start.
    func reminders(count: Int, window: Int, into report: Report) async throws {
        let start = Date().addingTimeInterval(Double(count) / 100 + 8)
        try await each(count) { index in
            let at = RFC3339.format(start.addingTimeInterval(Double(window) * Double(index) / Double(count)))
            _ = try await post(user: index % users, json: #"{"title":"bench reminder","reminders":[{"at":"\#(at)"}]}"#)
        }
        let cold = await waitUntilStopped(before: start)
        let before = sockets.order.count
        let (lateness, missing) = arrivals(before + count, since: before, within: window + 30)
        let twice = sockets.arrivals.values.reduce(0) { $0 + max(0, $1.count - 1) }
        report.add(
            BenchmarkRow(
                name: "consumers: reminder due → message on the WebSocket p50 / p99 ms",
                value: "\(fixed(percentile(lateness, 50), 1)) / \(fixed(percentile(lateness, 99), 1))",
                target: "p99 ≤ 100",
                reference:
                    "\(count) due over \(window) s, \(cold ? "reminder-fire + ws-fanout at zero when the first is due" : "functions still up at the start"); max \(fixed(lateness.max() ?? 0, 0)) ms; \(twice) delivered twice; \(missing) not on a socket 30 s after the window"
            ))
    }

    /// `rounds` rounds of `users` reminders due at one instant, 10 s apart (all created up front), each counted only
    /// when reminder-fire and ws-fanout had stopped (idle) before it was due, so each of those reminders waits for
    /// both to start.
    func coldReminders(rounds: Int, into report: Report) async throws {
        let first = Date().addingTimeInterval(12)
        let dues = (0..<rounds).map { first.addingTimeInterval(10 * Double($0)) }
        try await each(rounds * users) { index in
            let due = RFC3339.format(dues[index / users])
            _ = try await post(user: index % users, json: #"{"title":"bench cold","reminders":[{"at":"\#(due)"}]}"#)
        }
        var lateness: [Double] = []
        var cold = 0
        var lost = 0
        for due in dues {
            let stopped = await waitUntilStopped(before: due.addingTimeInterval(-0.05))
            let deadline = monotonicNanos() + 30_000_000_000
            var round: [Double] = []
            while monotonicNanos() < deadline {
                sockets.pump(milliseconds: 50)
                round = sockets.details.filter {
                    $0.value.title == "bench cold" && abs($0.value.remindAt.timeIntervalSince(due)) < 0.002
                }
                .compactMap { sockets.arrivals[$0.key]?.first }
                if round.count >= users { break }
            }
            lost += users - round.count
            if stopped {
                cold += 1
                lateness += round
            }
        }
        guard !lateness.isEmpty else { throw BenchmarkError("reminder-fire or ws-fanout still ran at every cold round") }
        report.add(
            BenchmarkRow(
                name: "consumers: reminder due → WebSocket, functions at zero, p50 / p99 ms",
                value: "\(fixed(percentile(lateness, 50), 1)) / \(fixed(percentile(lateness, 99), 1))",
                target: "p99 ≤ 100",
                reference:
                    "\(cold) of \(rounds) rounds of \(users) reminders due at once with both functions stopped; max \(fixed(lateness.max() ?? 0, 0)) ms; \(lost) not on a socket after 30 s"
            ))
    }

    /// Waits until neither reminder-fire nor ws-fanout runs, or `deadline` passes; whether they stopped.
    private func waitUntilStopped(before deadline: Date) async -> Bool {
        while Date() < deadline {
            if !stack.isRunning("reminder-fire"), !stack.isRunning("ws-fanout") {
                sockets.pump(milliseconds: Int32(max(0, deadline.timeIntervalSinceNow * 1000)))
                return true
            }
            sockets.pump(milliseconds: 20)
        }
        return false
    }

    /// Reads the sockets until `total` reminders have arrived or `seconds` pass; the lateness of the first frame of
    /// each of those that arrived after the first `since`, and how many of them did not arrive.
    private func arrivals(_ total: Int, since: Int, within seconds: Int) -> (lateness: [Double], missing: Int) {
        let deadline = monotonicNanos() + UInt64(seconds) * 1_000_000_000
        while sockets.order.count < total, monotonicNanos() < deadline { sockets.pump(milliseconds: 50) }
        let arrived = min(sockets.order.count, total)
        return (sockets.order[since..<arrived].compactMap { sockets.arrivals[$0]?.first }, total - arrived)
    }
}
