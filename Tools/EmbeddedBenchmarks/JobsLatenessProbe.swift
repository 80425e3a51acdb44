package import EmbeddedJobs
package import FoundationEssentials
package import HTTPTypes
import Synchronization

/// Measures job lateness (arrival at the app minus due time) for the bench row "1,000 jobs due in the same
/// second": schedules `job-<i>` through `JobsEngine.handle`, due times spread over a window (or all at one instant),
/// and collects arrivals reported by the app.
///
/// ```swift
/// let probe = JobsLatenessProbe(count: 1_000)
/// // the app's responder calls `probe.arrived(request)` for every `POST /job/<name>`
/// try await probe.schedule(on: engine)
/// let report = await probe.waitForAll(timeout: .seconds(15))   // report.p99Milliseconds, report.lost
/// ```
package final class JobsLatenessProbe: Sendable {
    /// Lateness percentiles and counts of one run.
    package struct Report: Sendable, CustomStringConvertible {
        /// Jobs scheduled.
        package var scheduled: Int
        /// Jobs that arrived at least once.
        package var delivered: Int
        /// Extra arrivals of a job that already arrived (at-least-once redeliveries).
        package var duplicates: Int
        /// Median lateness of the first arrival, in milliseconds.
        package var p50Milliseconds: Double
        /// 99th percentile lateness, in milliseconds.
        package var p99Milliseconds: Double
        /// Worst lateness, in milliseconds.
        package var maxMilliseconds: Double
        /// Arrivals before their due time (must be 0).
        package var early: Int

        /// Jobs that never arrived.
        package var lost: Int { scheduled - delivered }

        /// One line for logs and bench output.
        package var description: String {
            let format = { (value: Double) in String(Double((value * 100).rounded()) / 100) }
            return "\(delivered)/\(scheduled) delivered, p50 \(format(p50Milliseconds)) ms, p99 \(format(p99Milliseconds)) ms, "
                + "max \(format(maxMilliseconds)) ms, \(duplicates) duplicates, \(early) early"
        }
    }

    /// The due time of each job, whole milliseconds (as the RFC 3339 due times carry them).
    package let due: [Date]
    /// The app ID the jobs are scheduled for.
    package let appID: String
    private let arrivals = Mutex<[Int: [Date]]>([:])

    /// Prepares `count` jobs due `lead` from now, spread evenly over `window` (zero: all at one instant).
    package init(count: Int, window: Duration = .seconds(1), lead: Duration = .milliseconds(1_500), appID: String = "bench") {
        let start = Date().timeIntervalSince1970 + lead.seconds
        due = (0..<count).map { index in
            let offset = count > 0 ? window.seconds * Double(index) / Double(count) : 0
            return Date(timeIntervalSince1970: ((start + offset) * 1_000).rounded(.down) / 1_000)
        }
        self.appID = appID
    }

    /// Schedules every job through the engine's HTTP handler, 64 requests at a time.
    /// - Throws: `JobsError` when one is not accepted with 204.
    package func schedule(on engine: JobsEngine) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in due.indices {
                if index >= 64 { try await group.next() }
                let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
                // A Date holds whole milliseconds inexactly; 0.4 ms more prints the intended millisecond whether the
                // formatter truncates or rounds.
                let text = due[index].addingTimeInterval(0.000_4).formatted(style)
                let body = #"{"dueTime":"\#(text)","data":{"index":\#(index)}}"#
                let request = HTTPRequest(method: .post, target: "/v1.0-alpha1/jobs/job-\(index)", body: Array(body.utf8))
                group.addTask { [appID] in
                    let response = await engine.handle(request, appID: appID)
                    guard response?.status.code == 204 else {
                        throw JobsError(
                            .invalidRequest, status: response?.status.code ?? 0, errorCode: "BENCH",
                            message: response.map { String(decoding: $0.body, as: UTF8.self) } ?? "no response")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Records an arrival; call it from the app for every `POST /job/job-<i>`.
    package func arrived(_ request: HTTPRequest) {
        let now = Date()
        guard let index = request.path.split(separator: "-").last.flatMap({ Int($0) }) else { return }
        arrivals.withLock { $0[index, default: []].append(now) }
    }

    /// Jobs that arrived at least once so far.
    package var delivered: Int { arrivals.withLock { $0.count } }

    /// Waits until every job arrived or `timeout` passed, then reports.
    package func waitForAll(timeout: Duration) async -> Report {
        let deadline = ContinuousClock.now + timeout
        while delivered < due.count, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return report()
    }

    /// The report of the arrivals so far.
    package func report() -> Report {
        let (lateness, duplicates) = arrivals.withLock { arrivals -> ([Double], Int) in
            let lateness = arrivals.compactMap { index, dates in
                dates.first.map { $0.timeIntervalSince(due[index]) * 1_000 }
            }
            return (lateness.sorted(), arrivals.values.reduce(0) { $0 + $1.count - 1 })
        }
        func percentile(_ p: Int) -> Double { lateness.isEmpty ? 0 : lateness[min(lateness.count - 1, lateness.count * p / 100)] }
        return Report(
            scheduled: due.count, delivered: lateness.count, duplicates: duplicates, p50Milliseconds: percentile(50),
            p99Milliseconds: percentile(99), maxMilliseconds: lateness.last ?? 0, early: lateness.filter { $0 < 0 }.count)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
