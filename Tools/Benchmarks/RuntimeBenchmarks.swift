import EmbeddedBenchmarks
import EmbeddedJobs
import EmbeddedRuntime
import Glibc
import HTTPClient
import HTTPServer
import HTTPTypes

/// Issue 5's rows: events published and delivered to one HTTP subscriber, publish latency, job lateness with 1,000
/// jobs due in one second, and a cold function through the activator, each beside the reference the issue names.
struct RuntimeBenchmarks {
    let binDirectory: String

    func run(into report: Report) async {
        do {
            let figures = try await EmbeddedRuntimeBenchmark.run(events: 20_000, publishers: 32, latencySamples: 2_000)
            report.add(
                BenchmarkRow(
                    name: "embedded pub/sub: published and delivered events/s",
                    value: grouped(figures.deliveredPerSecond), target: "≥ 15,000",
                    reference: "published \(grouped(figures.publishedPerSecond))/s"))
            report.add(
                BenchmarkRow(
                    name: "embedded publish latency p50 / p99 (ms)",
                    value: "\(fixed(figures.publishP50Milliseconds, 3)) / \(fixed(figures.publishP99Milliseconds, 2))",
                    target: "p50 ≤ 0.25", reference: "Dapr 1.17 HTTP publish p50 0.35–0.6 (published)"))
            report.add(
                BenchmarkRow(
                    name: "embedded pub/sub: process CPU per event (µs)",
                    value: fixed(figures.cpuMicrosecondsPerEvent, 0), target: "—",
                    reference: "user + system, runtime with its publishers and subscriber; steady under load"))
        } catch {
            report.failed("embedded pub/sub", error)
        }
        for window in [Duration.seconds(1), .zero] {
            do {
                let lateness = try await jobLateness(window: window)
                report.add(
                    BenchmarkRow(
                        name: "job lateness p50 / p99 (ms), 1,000 jobs \(window == .zero ? "at one instant" : "in one second")",
                        value: "\(fixed(lateness.p50Milliseconds, 1)) / \(fixed(lateness.p99Milliseconds, 1))",
                        target: "p99 ≤ 50", reference: "lost \(lateness.lost); Dapr promises no upper bound"))
            } catch {
                report.failed("job lateness", error)
            }
        }
        do {
            let timings = try await ActivatorBenchmark.coldStarts(executable: "\(binDirectory)/minimal-function", samples: 21)
            let median = ActivatorBenchmark.median(timings)
            report.add(
                BenchmarkRow(
                    name: "cold function through the activator, request → response (median of 21)",
                    value:
                        "\(fixed(Double(median.components.attoseconds) / 1e15 + Double(median.components.seconds) * 1000, 2)) ms",
                    target: "≤ 20 ms", reference: "Knative scale from zero ~1 s at best (published)"))
        } catch {
            report.failed("activator cold start", error)
        }
    }

    /// 1,000 jobs due within `window` (zero: one instant), triggered over loopback HTTP to a real app.
    private func jobLateness(window: Duration) async throws -> JobsLatenessProbe.Report {
        let probe = JobsLatenessProbe(count: 1_000, window: window)
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.handlesSignals = false
        let server = HTTPServer(configuration: configuration, responder: ProbeApp(probe: probe))
        let port = try server.start()
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.poolSize = 16
        let client = HTTPClient(configuration: clientConfiguration)
        let path = "/tmp/todofn-bench-jobs-\(getpid()).sqlite"
        defer {
            client.close()
            server.shutdown()
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        }
        let engine = JobsEngine(databasePath: path) { _, request in
            try await client.execute(
                request.method, url: "http://127.0.0.1:\(port)\(request.target)", headers: request.headers,
                body: request.body)
        }
        try await engine.start()
        try await probe.schedule(on: engine)
        let result = await probe.waitForAll(timeout: .seconds(15))
        await engine.stop()
        return result
    }
}

/// The app the jobs fire at: reports each `/job/<name>` arrival to the probe.
private struct ProbeApp: HTTPResponder {
    let probe: JobsLatenessProbe

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        probe.arrived(request)
        return HTTPResponse(status: .ok)
    }
}
