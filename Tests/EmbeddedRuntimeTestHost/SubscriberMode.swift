import EmbeddedBenchmarks
import EmbeddedRuntime
import Glibc
import HTTPServer

/// A counting subscriber in its own process (for measuring the runtime alone): prints `PORT <n>`, then every
/// second `<distinct events> <deliveries>`.
enum SubscriberMode {
    static func run() async throws {
        let subscriber = CountingSubscriber()
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 1
        configuration.handlesSignals = false
        let server = HTTPServer(configuration: configuration, responder: subscriber)
        let port = try server.start()
        emit("PORT \(port)\n")
        let parent = getppid()
        while getppid() == parent {
            try await Task.sleep(for: .seconds(1))
            emit("\(subscriber.distinct) \(subscriber.deliveries)\n")
        }
    }

    private static func emit(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
}
