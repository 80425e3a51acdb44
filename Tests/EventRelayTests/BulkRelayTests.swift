import Dapr
import EventRelay
import FoundationEssentials
import FunctionRuntime
import HTTPClient
import Storage
import Testing

/// The relay with `DaprEventPublisher` over a real SQLite outbox and a loopback daprd that scripts its bulk answers.
@Suite("Bulk publishing relay")
struct BulkRelayTests {
    @Test("a batch goes out as one bulk call per topic, in order, each entry keyed by its user and sent as stored")
    func allSuccess() async throws {
        try await withRelay { outbox, daprd, relay in
            // Arrange: two topics, three users, interleaved.
            let messages =
                try (0..<9).map { try TestOutbox.message("user\($0 % 3)", $0) }
                + [try TestOutbox.message("user0", 9, topic: "reminder-events")]
            try await outbox.append(messages)

            // Act
            #expect(try await relay.relayOnce() == 10)

            // Assert
            let calls = daprd.calls
            #expect(calls.map(\.bulk) == [true, true])
            #expect(calls.map(\.topic) == ["task-events", "reminder-events"])
            let entries = calls.flatMap(\.entries)
            #expect(entries.map(\.eventID) == messages.map(\.eventID))
            #expect(entries.map(\.partitionKey) == messages.map(\.partitionKey))
            #expect(entries.allSatisfy { $0.contentType == "application/cloudevents+json" })
            #expect(entries.map(\.event) == messages.map(\.payload))
            #expect(try await outbox.unsentCount() == 0)
        }
    }

    @Test("a batch larger than a bulk call may carry goes out in several calls of at most 1 MiB, in order")
    func largeBatchIsCut() async throws {
        try await withRelay { outbox, daprd, relay in
            // About 3.6 MB in one claim (a 4 MiB body is the limit in daprd).
            let messages = try Self.largeMessages(count: 300)
            try await outbox.append(messages)

            #expect(try await relay.relayOnce() == 300)

            let calls = daprd.calls
            #expect(calls.count >= 4 && calls.allSatisfy(\.bulk), "cut into bulk calls: \(calls.count)")
            #expect(calls.allSatisfy { $0.entries.reduce(0) { $0 + $1.event.count } <= DaprEventPublisher.bulkBytesLimit })
            #expect(calls.flatMap(\.entries).map(\.eventID) == messages.map(\.eventID), "every event once, in order")
            #expect(try await outbox.unsentCount() == 0)
        }
    }

    @Test("when a call of a cut batch fails, its later calls are not made: nothing of the batch overtakes it")
    func cutBatchStopsAtAFailure() async throws {
        try await withRelay { outbox, daprd, relay in
            let messages = try Self.largeMessages(count: 300)
            try await outbox.append(messages)
            daprd.script(.failWhole)

            await #expect(throws: DaprError.self) { try await relay.relayOnce() }
            #expect(daprd.calls.count == 1, "the first call failed, the others were not made")
            #expect(try await outbox.unsentCount() == 300)

            #expect(try await relay.relayOnce() == 300)
            #expect(daprd.accepted == messages.map(\.eventID), "then every event once, in order")
        }
    }

    /// `count` events of about 12 KB each (3.6 MB for 300: more than one bulk call may carry).
    static func largeMessages(count: Int) throws -> [OutboxMessage] {
        let padding = String(repeating: "x", count: 12_000)
        return try (0..<count).map { number in
            var message = try TestOutbox.message("user\(number % 4)", number)
            message.payload = Array(
                String(decoding: message.payload, as: UTF8.self)
                    .replacing(#""done":false"#, with: #""done":false,"note":"\#(padding)""#).utf8)
            return message
        }
    }

    @Test("failed entries stop their partition: the rest of it is released, other partitions are marked sent")
    func partialFailure() async throws {
        try await withRelay { outbox, daprd, relay in
            let messages = try (0..<9).map { try TestOutbox.message(["alice", "bob", "carol"][$0 % 3], $0) }
            try await outbox.append(messages)
            let (a1, c2) = (messages[3].eventID, messages[8].eventID)
            daprd.script(.failEntries([a1, c2]))

            await #expect(throws: DaprError.self) { try await relay.relayOnce() }

            // alice stops at a1 (a2 was accepted by the broker but is not marked), carol at c2; bob went through.
            let unsent = try await outbox.unsent(limit: 20).map(\.eventID)
            #expect(unsent == [messages[3], messages[6], messages[8]].map(\.eventID))
            // Released, not held: a new claim takes them at once.
            let retry = try await relay.relayOnce()
            #expect(retry == 3)
            #expect(daprd.calls.last?.entries.map(\.eventID) == unsent, "retried in per-user order")
            #expect(try await outbox.unsentCount() == 0)
            // a2 reached the broker twice with the same id; every other event once.
            let accepted = daprd.accepted
            #expect(accepted.filter { $0 == messages[6].eventID }.count == 2)
            #expect(Set(accepted) == Set(messages.map(\.eventID)))
            for user in ["alice", "bob", "carol"] {
                let expected = messages.filter { $0.partitionKey == user }.map(\.eventID)
                #expect(Self.lastOccurrences(accepted).filter(expected.contains) == expected)
            }
        }
    }

    @Test("a whole-call failure marks nothing and releases the batch")
    func wholeCallFailure() async throws {
        try await withRelay { outbox, daprd, relay in
            let messages = try (0..<4).map { try TestOutbox.message("user\($0 % 2)", $0) }
            try await outbox.append(messages)
            daprd.script(.failWhole)

            await #expect(throws: DaprError.self) { try await relay.relayOnce() }
            #expect(try await outbox.unsent(limit: 10).map(\.eventID) == messages.map(\.eventID))

            #expect(try await relay.relayOnce() == 4)
            #expect(daprd.calls.map(\.bulk) == [true, true])
            #expect(daprd.accepted == messages.map(\.eventID))
        }
    }

    @Test("a 4xx on bulk publishes that batch one event at a time; the next batch tries bulk again")
    func clientErrorFallsBack() async throws {
        try await withRelay { outbox, daprd, relay in
            let first = try (0..<4).map { try TestOutbox.message("user\($0 % 2)", $0) }
            try await outbox.append(first)
            daprd.script(.clientError(400, "ERR_PUBSUB_EVENTS_SER"))

            #expect(try await relay.relayOnce() == 4)
            #expect(daprd.calls.map(\.bulk) == [true, false, false, false, false])
            let singles = daprd.calls.dropFirst().flatMap(\.entries)
            for user in ["user0", "user1"] {
                let expected = first.filter { $0.partitionKey == user }.map(\.eventID)
                #expect(singles.filter { $0.partitionKey == user }.map(\.eventID) == expected)
            }
            #expect(Set(daprd.accepted) == Set(first.map(\.eventID)))

            try await outbox.append([try TestOutbox.message("user0", 4)])
            #expect(try await relay.relayOnce() == 1)
            #expect(daprd.calls.last?.bulk == true)
            #expect(try await outbox.unsentCount() == 0)
        }
    }

    @Test("a daprd without the bulk route (plain 404) gets single publishes from then on")
    func missingRouteSticks() async throws {
        try await withRelay { outbox, daprd, relay in
            try await outbox.append(try (0..<3).map { try TestOutbox.message("alice", $0) })
            daprd.script(.clientError(404, nil))
            #expect(try await relay.relayOnce() == 3)
            try await outbox.append(try (3..<5).map { try TestOutbox.message("alice", $0) })
            #expect(try await relay.relayOnce() == 2)
            #expect(daprd.calls.map(\.bulk) == [true, false, false, false, false, false])
            #expect(try await outbox.unsentCount() == 0)
        }
    }

    @Test("OUTBOX_PUBLISH_MODE=single publishes one event per call; an unknown mode is refused")
    func modeFromConfiguration() async throws {
        try await withRelay(mode: "single") { outbox, daprd, relay in
            try await outbox.append(try (0..<3).map { try TestOutbox.message("user\($0)", $0) })
            #expect(try await relay.relayOnce() == 3)
            #expect(daprd.calls.map(\.bulk) == [false, false, false])
        }
        let configuration = try Configuration.fromEnvironment(["OUTBOX_PUBLISH_MODE": "sometimes"])
        #expect(throws: ConfigurationError.self) {
            try DaprEventPublisher(dapr: HTTPDaprClient(endpoint: "http://127.0.0.1:9"), configuration: configuration)
        }
    }

    /// Each id at the place of its last occurrence (what a deduplicating consumer's final order reflects).
    private static func lastOccurrences(_ ids: [UUID]) -> [UUID] {
        var seen = Set<UUID>()
        return ids.reversed().filter { seen.insert($0).inserted }.reversed()
    }

    private func withRelay(
        mode: String = "bulk", _ body: (any OutboxStore, ScriptedDaprd, OutboxRelay) async throws -> Void
    ) async throws {
        let daprd = try ScriptedDaprd()
        let http = HTTPClient()
        defer { http.close() }
        let dapr = HTTPDaprClient(endpoint: daprd.endpoint, httpClient: http, retryPolicy: .none)
        let configuration = try Configuration.fromEnvironment(["OUTBOX_PUBLISH_MODE": mode])
        let publisher = try DaprEventPublisher(dapr: dapr, configuration: configuration)
        do {
            try await TestOutbox.with { outbox in
                try await body(outbox, daprd, OutboxRelay(store: outbox, publisher: publisher))
            }
        } catch {
            await daprd.stop()
            throw error
        }
        await daprd.stop()
    }
}
