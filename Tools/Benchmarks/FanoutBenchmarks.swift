import FoundationEssentials
import Glibc

/// Issue 17's rows: ws-fanout's cost per event must not grow with the user's replay history. Through the real
/// release `todofn up` on SQLite (`--keep-warm`), one bench user with one live WebSocket (``LiveSockets``):
/// - fill: `history` tasks created 8 at a time, until their event frames (seq 1…history) arrived: 1,000 fill the
///   user's history to its bound; events/s = frames / (last frame − first create), and the lag of the last frame
///   after the last create answered;
/// - full history: as many again, the same figures (the former whole-history read-modify-write slowed down here);
/// - create → socket: `paced` creates one at a time at 20/s (seq n is create n), p50/p99 from the 201 to its frame.
/// `todofn-bench fanout`; `TODOFN_BENCH_QUICK=1` uses a history of 200.
struct FanoutBenchmarks {
    let binDirectory: String
    private let quick = environment("TODOFN_BENCH_QUICK") != nil

    func run(into report: Report) async {
        let stack: TodofnStack
        do {
            stack = try await TodofnStack(binDirectory: binDirectory, name: "fanout", postgresURL: nil, users: 1)
        } catch {
            report.failed("fanout: todofn up", error)
            return
        }
        await stack.measure("fanout", into: report) { stack in
            let sockets = LiveSockets()
            try sockets.open(port: stack.port, tokens: stack.tokens)
            let history = quick ? 200 : 1_000
            let fill = try await burst(stack, sockets, from: 0, count: history)
            report.add(
                BenchmarkRow(
                    name: "ws-fanout: one user's events/s, seq 1–\(history)", value: "\(fixed(fill.rate)) /s",
                    target: "", reference: "lag of the last frame \(fixed(fill.lag, 0)) ms"))
            let full = try await burst(stack, sockets, from: history, count: history)
            report.add(
                BenchmarkRow(
                    name: "ws-fanout: one user's events/s, seq \(history + 1)–\(2 * history)", value: "\(fixed(full.rate)) /s",
                    target: "≥ 2,000 /s",
                    reference: "lag of the last frame \(fixed(full.lag, 0)) ms; target: issue 17, all users"))
            let latency = try await paced(stack, sockets, from: 2 * history, count: quick ? 40 : 200)
            report.add(
                BenchmarkRow(
                    name: "ws-fanout: create → socket, seq > \(2 * history), 20/s, p50/p99",
                    value: "\(fixed(latency.p50)) / \(fixed(latency.p99)) ms", target: "p99 ≤ 50 ms",
                    reference: "from the 201 to the frame (issue 17)"))
        }
    }

    /// Creates `count` tasks 8 at a time and waits for frames seq `from + 1 … from + count`.
    private func burst(_ stack: TodofnStack, _ sockets: LiveSockets, from: Int, count: Int) async throws -> (
        rate: Double, lag: Double
    ) {
        let started = Date()
        let creates = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    if index >= 8 { try await group.next() }
                    group.addTask { try await stack.create(user: 0, title: "fanout \(from + index)") }
                }
                try await group.waitForAll()
            }
            return Date()
        }
        let last = try await frames(upTo: Int64(from + count), sockets, while: creates)
        let answered = try await creates.value
        return (Double(count) / last.timeIntervalSince(started), max(0, last.timeIntervalSince(answered) * 1000))
    }

    /// Creates `count` tasks one at a time at 20/s; milliseconds from each 201 to its frame, p50 and p99.
    private func paced(_ stack: TodofnStack, _ sockets: LiveSockets, from: Int, count: Int) async throws -> (
        p50: Double, p99: Double
    ) {
        let creates = Task {
            var answered: [Date] = []
            for index in 0..<count {
                let due = Date().addingTimeInterval(0.05)
                try await stack.create(user: 0, title: "fanout \(from + index)")
                answered.append(Date())
                let wait = due.timeIntervalSinceNow
                if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            }
            return answered
        }
        _ = try await frames(upTo: Int64(from + count), sockets, while: creates)
        let answered = try await creates.value
        let latencies = answered.enumerated().compactMap { index, at in
            sockets.eventArrivals[Int64(from + index + 1)].map { max(0, $0.timeIntervalSince(at) * 1000) }
        }.sorted()
        guard latencies.count == count else { throw BenchmarkError("\(count - latencies.count) frames missing") }
        return (latencies[count / 2], latencies[min(count - 1, count * 99 / 100)])
    }

    /// Reads the socket until frame `seq` arrived (120 s at most); when it did.
    private func frames<T>(upTo seq: Int64, _ sockets: LiveSockets, while work: Task<T, any Error>) async throws -> Date {
        let deadline = monotonicNanos() + 120_000_000_000
        while sockets.eventArrivals[seq] == nil {
            guard monotonicNanos() < deadline else {
                work.cancel()
                throw BenchmarkError("frame seq \(seq) never arrived (\(sockets.eventArrivals.count) frames)")
            }
            sockets.pump(milliseconds: 10)
            await Task.yield()
        }
        guard let arrived = sockets.eventArrivals[seq] else { throw BenchmarkError("frame seq \(seq) missing") }
        return arrived
    }
}
