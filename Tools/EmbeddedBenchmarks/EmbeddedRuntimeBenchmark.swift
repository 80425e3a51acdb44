import EmbeddedRuntime
import EmbeddedSeams
import FoundationEssentials
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

        /// One line of figures.
        package var description: String {
            "published \(Int(publishedPerSecond))/s, delivered \(Int(deliveredPerSecond))/s, "
                + "publish p50 \(rounded(publishP50Milliseconds)) ms, p99 \(rounded(publishP99Milliseconds)) ms"
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
        await runtime.stop()
        app.shutdown()
        try? await app.run()
        latencies.sort()
        return Figures(
            publishedPerSecond: Double(events) / seconds(published),
            deliveredPerSecond: Double(events) / seconds(delivered),
            publishP50Milliseconds: latencies[latencies.count / 2],
            publishP99Milliseconds: latencies[min(latencies.count - 1, latencies.count * 99 / 100)])
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func milliseconds(_ duration: Duration) -> Double { seconds(duration) * 1000 }
}
