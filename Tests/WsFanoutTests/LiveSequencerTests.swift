import Dapr
import EmbeddedRuntime
import FoundationEssentials
import HTTPClient
import HTTPTypes
import LiveUpdates
import Testing

@testable import ws_fanout

/// ws-fanout's sequencing of a bulk's events, over the real embedded runtime's state store (its transactions and
/// ETags are what guard the seq, so no fake stands in for them).
@Suite("ws-fanout sequences a batch of a user's events in two state calls, once each")
struct LiveSequencerTests {
    static let component = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: todo-livestate}
        spec: {type: state.redis, version: v1, metadata: [{name: keyPrefix, value: "none"}]}
        """

    /// A started runtime with the live-state component, a client of its Dapr API, and its directory.
    static func runtime() async throws -> (EmbeddedDaprRuntime, HTTPDaprClient, String) {
        let directory = FileManager.default.temporaryDirectory.path + "/live-sequencer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/dapr", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory + "/dapr/livestate.yaml", contents: Data(component.utf8))
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory + "/data", resourcesDirectory: directory + "/dapr",
                apps: [.init(appID: "ws-fanout")], appChannel: { _, _ in HTTPResponse(status: .notFound) }),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
        let dapr = HTTPDaprClient(endpoint: "http://127.0.0.1:\(runtime.apiPort(for: "ws-fanout"))", httpClient: HTTPClient())
        return (runtime, dapr, directory)
    }

    static func item(_ id: String) -> LiveSequencer.Item {
        LiveSequencer.Item(event: Array(#"{"id":"\#(id)"}"#.utf8), id: id)
    }

    @Test("consecutive seqs in order; a repeat in the batch or from before keeps its first seq; the history holds each")
    func batchSequencing() async throws {
        let (runtime, dapr, directory) = try await Self.runtime()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sequencer = LiveSequencer(dapr: dapr)

        let first = try await sequencer.assign(["a", "b", "a", "c"].map(Self.item), to: "ann")
        #expect(first.map(\.0.seq) == [1, 2, 1, 3])
        #expect(first.map(\.isNew) == [true, true, false, true])
        let second = try await sequencer.assign(["b", "d"].map(Self.item), to: "ann")
        #expect(second.map(\.0.seq) == [2, 4])
        #expect(second.map(\.isNew) == [false, true])
        let repeated = try await sequencer.assign(["d"].map(Self.item), to: "ann")
        #expect(repeated.map(\.0.seq) == [4] && repeated.map(\.isNew) == [false], "a batch of repeats writes nothing")
        #expect(try await sequencer.assign(["a"].map(Self.item), to: "bob").map(\.0.seq) == [1], "seqs are per user")

        let slot = try #require(try await dapr.getState(store: LiveState.storeName, key: LiveState.eventKey("ann", seq: 3)))
        let stored = try LiveEvent(itemJSON: slot.value)
        #expect(stored == LiveEvent(seq: 3, event: Self.item("c").event))
        let seq = try await dapr.getState(store: LiveState.storeName, key: LiveState.seqKey("ann"))
        #expect(seq.map { String(decoding: $0.value, as: UTF8.self) } == "4")
        await runtime.stop()
    }

    @Test("two instances sequencing batches of one user at once hand out every seq exactly once")
    func concurrentInstances() async throws {
        let (runtime, dapr, directory) = try await Self.runtime()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let batches = (0..<12).map { batch in (0..<5).map { Self.item("e\(batch)-\($0)") } }
        // Two sequencers with their own clients, as two ws-fanout instances: only the seq key's ETag keeps them apart.
        let instances = [LiveSequencer(dapr: dapr), LiveSequencer(dapr: Self.secondClient(runtime))]
        let seqs = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (index, batch) in batches.enumerated() {
                let sequencer = instances[index % 2]
                group.addTask {
                    let assigned = try await sequencer.assign(batch, to: "ann")
                    let seqs = assigned.map(\.0.seq)
                    let consecutive = Array(seqs[0]...(seqs[0] + 4))
                    let allNew = assigned.allSatisfy { $0.isNew }
                    #expect(allNew)
                    #expect(seqs == consecutive, "one batch's seqs are consecutive")
                    return seqs
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(seqs.sorted() == Array(1...60))
        await runtime.stop()
    }

    static func secondClient(_ runtime: EmbeddedDaprRuntime) -> HTTPDaprClient {
        HTTPDaprClient(endpoint: "http://127.0.0.1:\(runtime.apiPort(for: "ws-fanout"))", httpClient: HTTPClient())
    }
}
