import EmbeddedBenchmarks
import EmbeddedRuntime
import Glibc
import HTTPClient

/// `EmbeddedRuntimeTestHost run <data-dir> <resources-dir> <subscriber-port>`: runs the runtime with apps
/// `publisher` and `subscriber` (reached on 127.0.0.1:<subscriber-port>), prints `PORT <publisher API port>`,
/// and runs until killed. `EmbeddedRuntimeTestHost bench [events] [publishers]`: prints benchmark figures.
/// `EmbeddedRuntimeTestHost subscriber`: a counting subscriber app; prints its port, then deliveries per second.
@main
struct TestHost {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.count >= 2, arguments[1] == "bench" {
            let events = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
            let publishers = arguments.count > 3 ? Int(arguments[3]) ?? 32 : 32
            print(try await EmbeddedRuntimeBenchmark.run(events: events, publishers: publishers))
            return
        }
        if arguments.count >= 2, arguments[1] == "subscriber" {
            try await SubscriberMode.run()
            return
        }
        guard arguments.count == 5, arguments[1] == "run", let subscriberPort = Int(arguments[4]) else {
            print(
                "usage: EmbeddedRuntimeTestHost run <data-dir> <resources-dir> <subscriber-port> | bench [events] [publishers] | subscriber"
            )
            exit(2)
        }
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: arguments[2], resourcesDirectory: arguments[3],
                apps: [.init(appID: "publisher"), .init(appID: "subscriber")],
                appChannel: LoopbackChannel(port: subscriberPort).channel()),
            logger: RuntimeLogger(minimumLevel: .error))
        do {
            try await runtime.start()
        } catch {
            print("cannot start: \(error)")
            exit(1)
        }
        let line = Array("PORT \(runtime.apiPort(for: "publisher"))\n".utf8)
        _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        // Exit when the parent (the test process) is gone, so a crashed test run leaves no orphan behind.
        let parent = getppid()
        while getppid() == parent { try await Task.sleep(for: .milliseconds(500)) }
    }
}
