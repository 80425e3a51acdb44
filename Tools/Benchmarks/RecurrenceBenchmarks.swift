import FoundationEssentials
import Glibc
import Recurrence
import Schedules

/// Issue 13's row: the next occurrence of a rule after a given instant (what completing a recurring task or showing
/// its next due time costs), µs per call, for typical rules in Europe/Paris, asked at instants spread over a year.
/// Timed in the thread's CPU time, so a busy machine that preempts the loop does not inflate a pure computation.
struct RecurrenceBenchmarks {
    static let rules = [
        "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    ]

    func run(into report: Report) {
        do {
            let zone = try ZoneInfo.named("Europe/Paris")
            let start = Date(timeIntervalSince1970: 1_767_254_400)  // 2026-01-01T08:00Z, 09:00 in Paris
            var figures: [String] = []
            var worst = 0.0
            for text in Self.rules {
                let series = try Recurrence(rule: try RecurrenceRule(parsing: text), start: start, zone: zone)
                let iterations = 20_000
                var rounds: [Double] = []
                var found = 0
                for _ in 0..<5 {
                    let begin = threadCPUNanos()
                    for index in 0..<iterations {
                        // A different instant each call (every ~26 minutes across a year), so no call repeats another.
                        let after = start.addingTimeInterval(Double(index % 20_000) * 1_577)
                        if series.next(after: after) != nil { found += 1 }
                    }
                    rounds.append(Double(threadCPUNanos() - begin) / 1_000 / Double(iterations))
                }
                guard found == 5 * iterations else { throw RecurrenceError("\(text): a call found no occurrence") }
                let perCall = median(rounds)
                worst = max(worst, perCall)
                figures.append("\(text.split(separator: ";").prefix(2).joined(separator: ";")) \(fixed(perCall, 2))")
            }
            report.add(
                BenchmarkRow(
                    name: "RRULE next occurrence per call, worst of \(Self.rules.count) (µs CPU)", value: fixed(worst, 2),
                    target: "≤ 5 µs", reference: figures.joined(separator: "; ")))
        } catch {
            report.failed("RRULE next occurrence", error)
        }
    }
}

/// Nanoseconds of CPU time this thread has used.
private func threadCPUNanos() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
