import Dapr
import EmbeddedSupervisor
import FunctionTesting
import HTTPClient
import HTTPTypes
import LiveUpdates
import Testing

@testable import ws_fanout

/// A gateway replica that is gone (killed, or restarted on another port) refuses ws-fanout's pushes: ws-fanout takes
/// it out of the user's presence at once instead of pushing every event there until the entry expires.
@Suite("ws-fanout drops a gateway replica that refuses its pushes")
struct PresencePruningTests {
    static let user = "ann"
    static let now: Int64 = 1_800_000_000_000

    /// The URL of a port nothing listens on (picked free, so a connection to it is refused).
    static func deadReplica() throws -> String { "http://127.0.0.1:\(try FreePort.pick())" }

    static func presence(_ dapr: InMemoryDaprClient) async throws -> LivePresence? {
        try await dapr.getState(store: LiveState.storeName, key: LiveState.presenceKey(user)).map {
            try LivePresence(json: $0.value)
        }
    }

    @Test("a push refused by a dead replica takes it out of the user's presence")
    func refusedReplicaIsDropped() async throws {
        let dapr = InMemoryDaprClient()
        let dead = try Self.deadReplica()
        let written = LivePresence(replicas: [dead: Self.now + 60_000])
        // The event was sequenced before (seq 1): a repeat is pushed again without a state transaction, which the
        // in-memory client does not fake.
        try await dapr.saveState(
            store: LiveState.storeName,
            items: [
                DaprStateItem(key: LiveState.presenceKey(Self.user), value: written.json),
                DaprStateItem(key: LiveState.eventIDKey(Self.user, eventID: "e-1"), value: Array("1".utf8)),
            ])
        let handler = WsFanoutHandler(
            sequencer: LiveSequencer(dapr: dapr), dapr: dapr, client: HTTPClient(), appToken: nil, now: { Self.now })
        let client = FunctionTestClient(handler)
        let event =
            #"{"specversion":"1.0","id":"e-1","source":"test","type":"com.todo.task.created.v1","#
            + #""partitionkey":"ann","datacontenttype":"application/json","data":{"n":1}}"#
        let response = try await client.execute(
            .post, "/internal/deliver", headers: ["Content-Type": "application/cloudevents+json"], body: Array(event.utf8))
        #expect(response.status.code == 200, "\(String(decoding: response.body, as: UTF8.self))")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"seq":1,"connections":0}"#)
        #expect(try await Self.presence(dapr)?.replicas[dead] == nil, "the refusing replica left the presence")
    }

    @Test("an entry written again since it was read stays (a replica back on the same URL)")
    func refreshedEntryStays() async throws {
        let dapr = InMemoryDaprClient()
        let replica = try Self.deadReplica()
        let other = "http://127.0.0.1:1"
        let written = LivePresence(replicas: [replica: Self.now + 30_000, other: Self.now + 30_000])
        try await dapr.saveState(
            store: LiveState.storeName,
            items: [DaprStateItem(key: LiveState.presenceKey(Self.user), value: written.json)])
        let pruner = PresencePruner(dapr: dapr)

        // Read at an older expiry: the replica has written its entry again since, so it is left alone.
        #expect(await pruner.remove(replica, of: Self.user, seenExpiry: Self.now + 20_000) == false)
        #expect(try await Self.presence(dapr) == written)

        #expect(await pruner.remove(replica, of: Self.user, seenExpiry: Self.now + 30_000))
        #expect(try await Self.presence(dapr) == LivePresence(replicas: [other: Self.now + 30_000]), "only that replica left")
        #expect(await pruner.remove("http://127.0.0.1:2", of: Self.user, seenExpiry: 1) == false, "not there: nothing to do")
    }
}
