import EmbeddedBenchmarks
import EmbeddedRuntime
import FoundationEssentials
import HTTPClient
import HTTPServer
import HTTPTypes
import Synchronization
import Testing

/// A subscriber that answers the first `passing` deliveries after 2 ms each, then holds every other one until
/// `open()`, so the runtime is killed with events in flight however fast it delivers.
final class SlowCountingSubscriber: HTTPResponder {
    let counter = CountingSubscriber()
    private let passing: Int
    private let passed = Atomic<Int>(0)
    private let opened = Atomic<Bool>(false)

    init(passing: Int) { self.passing = passing }

    /// Lets every held and later delivery through.
    func open() { opened.store(true, ordering: .releasing) }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if request.method == .post {
            try? await Task.sleep(for: .milliseconds(2))
            if passed.add(1, ordering: .relaxed).newValue > passing {
                while !opened.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
            }
        }
        return await counter.respond(to: request)
    }
}

@Suite("Crash recovery")
struct CrashRecoveryTests {
    @Test("kill -9 with 5,000 events in flight, restart: every event is delivered at least once")
    func killNineAndRestart() async throws {
        let directory = RuntimeHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/dapr", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: directory + "/dapr/pubsub.yaml",
            contents: Data(
                "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: pubsub}\nspec: {type: pubsub.kafka, version: v1, metadata: []}\n"
                    .utf8))
        let subscriber = SlowCountingSubscriber(passing: 1_000)
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 1
        configuration.handlesSignals = false
        configuration.shutdownGracePeriod = .seconds(5)
        let app = HTTPServer(configuration: configuration, responder: subscriber)
        let appPort = try app.start()
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.poolSize = 16
        let client = HTTPClient(configuration: clientConfiguration)
        defer {
            client.close()
            app.shutdown()
        }
        let arguments = ["run", directory + "/data", directory + "/dapr", String(appPort)]
        let first = try #require(TestChildProcess(TestChildProcess.testHostPath, arguments))
        let port = try #require(first.readLine()?.split(separator: " ").last.flatMap { Int($0) })
        let url = "http://127.0.0.1:\(port)/v1.0/publish/pubsub/bench"
        let events = 5_000
        let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
            for publisher in 0..<16 {
                group.addTask {
                    var ok = 0
                    for index in stride(from: publisher, to: events, by: 16) {
                        let response = try await client.execute(
                            .post, url: url, headers: ["Content-Type": "application/json"],
                            body: Array("\"c\(index)\"".utf8))
                        if response.status.code == 204 { ok += 1 }
                    }
                    return ok
                }
            }
            return try await group.reduce(0, +)
        }
        first.kill()
        let deliveredAtKill = subscriber.counter.distinct
        #expect(accepted == events)
        #expect(deliveredAtKill < events, "the kill should happen with events still in flight")
        subscriber.open()
        let second = try #require(TestChildProcess(TestChildProcess.testHostPath, arguments))
        defer { second.kill() }
        _ = second.readLine()
        let deadline = ContinuousClock.now + .seconds(40)
        while subscriber.counter.distinct < events, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(subscriber.counter.distinct == events)
    }
}
