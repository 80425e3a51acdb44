import FoundationEssentials
import Testing

@testable import Dapr

/// Opt-in latency figures: `TODOFN_DAPR_BENCH=1 swift test --filter HTTPDaprClientBenchmarkTests`.
@Suite("HTTPDaprClient latency (opt-in)")
struct HTTPDaprClientBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["TODOFN_DAPR_BENCH"] == "1"

    @Test("µs per state get and per CloudEvent publish over loopback", .enabled(if: enabled))
    func latency() async throws {
        let event = Array(#"{"specversion":"1.0","id":"e","source":"task-crud","type":"t","data":{"k":1}}"#.utf8)
        try await Daprd.with { _, dapr in
            try await dapr.saveState(store: "todo-statestore", key: "k", value: ["a": 1])
            let rounds = 2000
            let clock = ContinuousClock()
            for _ in 0..<100 { _ = try await dapr.getState(store: "todo-statestore", key: "k") }
            let get = try await clock.measure {
                for _ in 0..<rounds { _ = try await dapr.getState(store: "todo-statestore", key: "k") }
            }
            let health = try await clock.measure {
                for _ in 0..<rounds { try await dapr.waitForSidecar(timeout: .seconds(1)) }
            }
            let publish = try await clock.measure {
                for _ in 0..<rounds {
                    try await dapr.publish(pubsub: "todo-pubsub", topic: "t", cloudEventJSON: event, partitionKey: "alice")
                }
            }
            let micros = { (d: Duration) in
                Double(d.components.attoseconds / 1_000_000_000_000 + d.components.seconds * 1_000_000) / Double(rounds)
            }
            print(
                "HTTPDaprClient loopback: healthz \(micros(health)) µs/call, getState \(micros(get)) µs/call, publish \(micros(publish)) µs/call"
            )
            #expect(micros(get) > 0)
        }
    }
}
