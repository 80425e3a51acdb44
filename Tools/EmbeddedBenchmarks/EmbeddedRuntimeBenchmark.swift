import EmbeddedRuntime
import EmbeddedSeams
import FoundationEssentials
import Glibc
import HTTPClient
import HTTPServer
import HTTPTypes

/// Figures for `Tools/Benchmarks`: events published and delivered to one HTTP subscriber, and publish latency.
///
/// ```swift
/// let figures = try await EmbeddedRuntimeBenchmark.run(events: 20_000, publishers: 32, latencySamples: 2_000)
/// ```
package enum EmbeddedRuntimeBenchmark {
    /// What one run measured.
    package struct Figures: Sendable, CustomStringConvertible {
        /// Events accepted (204) per second, publishers running concurrently.
        package var publishedPerSecond: Double
        /// Events delivered per second, from the first publish to the last delivery.
        package var deliveredPerSecond: Double
        /// Publish latency p50 in milliseconds (one publisher, sequential, to a topic without subscribers).
        package var publishP50Milliseconds: Double
        /// Publish latency p99 in milliseconds.
        package var publishP99Milliseconds: Double
        /// CPU time (user + system, every thread of the process: runtime, publishers and subscriber) per event of
        /// the throughput phase, in microseconds. Unlike events/s it hardly moves with other load on the machine.
        package var cpuMicrosecondsPerEvent: Double = 0

        /// One line of figures.
        package var description: String {
            "published \(Int(publishedPerSecond))/s, delivered \(Int(deliveredPerSecond))/s, "
                + "publish p50 \(rounded(publishP50Milliseconds)) ms, p99 \(rounded(publishP99Milliseconds)) ms, "
                + "CPU \(Int(cpuMicrosecondsPerEvent)) µs/event"
        }

        private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
    }

    /// Runs a runtime on a fresh temporary directory (one pubsub, one programmatic subscriber app on loopback),
    /// measures latency with `latencySamples` sequential publishes, then throughput with `events` publishes from
    /// `publishers` concurrent clients until all are delivered.
    /// - Throws: on a bind, database or transport failure.
    package static func run(events: Int = 20_000, publishers: Int = 32, latencySamples: Int = 2_000) async throws
        -> Figures
    {
        let directory = FileManager.default.temporaryDirectory.path + "/embedded-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/dapr", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = FileManager.default.createFile(
            atPath: directory + "/dapr/pubsub.yaml",
            contents: Data(
                "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: pubsub}\nspec: {type: pubsub.kafka, version: v1, metadata: []}\n"
                    .utf8))
        let subscriber = CountingSubscriber()
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = "127.0.0.1"
        serverConfiguration.port = 0
        serverConfiguration.workerCount = 1
        serverConfiguration.handlesSignals = false
        let app = HTTPServer(configuration: serverConfiguration, responder: subscriber)
        let appPort = try app.start()
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.poolSize = max(publishers, 1)
        let client = HTTPClient(configuration: clientConfiguration)
        clientConfiguration.poolSize = 16
        let channelClient = HTTPClient(configuration: clientConfiguration)
        let channel: AppChannel = { _, request in
            try await channelClient.execute(
                request.method, url: "http://127.0.0.1:\(appPort)\(request.target)", headers: request.headers,
                body: request.body)
        }
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory + "/data", resourcesDirectory: directory + "/dapr",
                apps: [.init(appID: "publisher"), .init(appID: "subscriber")], appChannel: channel),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
        defer {
            client.close()
            channelClient.close()
        }
        let base = "http://127.0.0.1:\(runtime.apiPort(for: "publisher"))/v1.0/publish/pubsub/"
        let url = base + "bench"
        let headers: HTTPHeaders = ["Content-Type": "application/json"]
        var latencies: [Double] = []
        latencies.reserveCapacity(latencySamples)
        for index in 0..<latencySamples {
            let start = ContinuousClock.now
            _ = try await client.execute(.post, url: base + "latency", headers: headers, body: Array("\"l\(index)\"".utf8))
            latencies.append(milliseconds(ContinuousClock.now - start))
        }
        let cpuAtStart = processCPUSeconds()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for publisher in 0..<publishers {
                group.addTask {
                    var index = publisher
                    while index < events {
                        _ = try await client.execute(.post, url: url, headers: headers, body: Array("\"e\(index)\"".utf8))
                        index += publishers
                    }
                }
            }
            try await group.waitForAll()
        }
        let published = ContinuousClock.now - start
        while subscriber.distinct < events { try await Task.sleep(for: .milliseconds(1)) }
        let delivered = ContinuousClock.now - start
        let cpu = processCPUSeconds() - cpuAtStart
        await runtime.stop()
        app.shutdown()
        try? await app.run()
        latencies.sort()
        return Figures(
            publishedPerSecond: Double(events) / seconds(published),
            deliveredPerSecond: Double(events) / seconds(delivered),
            publishP50Milliseconds: latencies[latencies.count / 2],
            publishP99Milliseconds: latencies[min(latencies.count - 1, latencies.count * 99 / 100)],
            cpuMicrosecondsPerEvent: cpu * 1e6 / Double(max(events, 1)))
    }

    /// User plus system CPU seconds of the whole process so far (`getrusage(RUSAGE_SELF)`).
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func milliseconds(_ duration: Duration) -> Double { seconds(duration) * 1000 }
}
