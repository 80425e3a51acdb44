import EventRelay
import FoundationEssentials
import Storage
import Synchronization
import Testing

@Suite("Outbox and relay on both backends")
struct OutboxRelayTests {
    /// Records every publish; can fail on a chosen event or pause to let relays overlap.
    final class RecordingPublisher: EventPublisher {
        let published = Mutex<[UUID]>([])
        let failOn: UUID?

        init(failOn: UUID? = nil) { self.failOn = failOn }

        func publish(_ event: OutboxEvent) async throws {
            struct BrokerDown: Error {}
            if event.eventID == failOn { throw BrokerDown() }
            try await Task.sleep(for: .microseconds(200))
            published.withLock { $0.append(event.eventID) }
        }
    }

    @Test("lists unsent events in order and claims never overlap", arguments: TestBackend.allCases)
    func claims(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let outbox = db.stores.outbox
            let messages = (0..<6).map { message("user\($0 % 3)", "e\($0)") }
            try await outbox.append(messages)
            #expect(try await outbox.unsent(limit: 10).map(\.eventID) == messages.map(\.eventID))
            let first = try await outbox.claim(limit: 3, token: UUID(), lease: .seconds(30))
            #expect(first.map(\.eventID) == Array(messages.prefix(3)).map(\.eventID))
            // The other three belong to partitions with an older event under a live claim: order per user holds.
            #expect(try await outbox.claim(limit: 3, token: UUID(), lease: .seconds(30)).isEmpty)
            try await outbox.markSent(eventIDs: first.map(\.eventID))
            let second = try await outbox.claim(limit: 10, token: UUID(), lease: .seconds(30))
            #expect(second.map(\.eventID) == Array(messages.suffix(3)).map(\.eventID))
            #expect(try await outbox.unsentCount() == 3)
        }
    }

    @Test("two relays at once publish each event exactly once, in order per user", arguments: TestBackend.allCases)
    func concurrentRelays(backend: TestBackend) async throws {
        try await backend.withDatabase(poolSize: 4) { db in
            let outbox = db.stores.outbox
            let messages = (0..<200).map { message("user\($0 % 7)", "e\($0)") }
            try await outbox.append(messages)
            let publisher = RecordingPublisher()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        let relay = OutboxRelay(store: outbox, publisher: publisher, batchSize: 7)
                        while try await outbox.unsentCount() > 0 { try await relay.relayAll() }
                    }
                }
                try await group.waitForAll()
            }
            let published = publisher.published.withLock { $0 }
            #expect(published.count == 200)
            #expect(Set(published) == Set(messages.map(\.eventID)))
            for user in 0..<7 {
                let expected = messages.filter { $0.partitionKey == "user\(user)" }.map(\.eventID)
                #expect(published.filter(expected.contains) == expected)
            }
            #expect(try await outbox.unsentCount() == 0)
        }
    }

    @Test("after a crash between publish and mark, the event goes out again with the same id", arguments: TestBackend.allCases)
    func crashRepublishes(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let outbox = db.stores.outbox
            let event = message("alice", "created")
            try await outbox.append([event])
            // A relay claims and publishes, then dies before marking.
            let claimed = try await outbox.claim(limit: 10, token: UUID(), lease: .seconds(30))
            #expect(claimed.map(\.eventID) == [event.eventID])
            let publisher = RecordingPublisher()
            let relay = OutboxRelay(store: outbox, publisher: publisher, lease: .seconds(30))
            #expect(try await relay.relayOnce() == 0)
            db.clock.advance(by: 31)
            #expect(try await relay.relayOnce() == 1)
            #expect(publisher.published.withLock { $0 } == [event.eventID])
            #expect(try await outbox.unsentCount() == 0)
        }
    }

    @Test("a failed publish marks what went out and releases the rest", arguments: TestBackend.allCases)
    func failedPublish(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let outbox = db.stores.outbox
            let messages = (0..<4).map { message("alice", "e\($0)") }
            try await outbox.append(messages)
            let failing = OutboxRelay(store: outbox, publisher: RecordingPublisher(failOn: messages[2].eventID))
            await #expect(throws: (any Error).self) { try await failing.relayOnce() }
            #expect(try await outbox.unsent(limit: 10).map(\.eventID) == messages.suffix(2).map(\.eventID))
            let healthy = RecordingPublisher()
            #expect(try await OutboxRelay(store: outbox, publisher: healthy).relayAll() == 2)
            #expect(healthy.published.withLock { $0 } == messages.suffix(2).map(\.eventID))
        }
    }

    @Test(
        "a pass marks each batch in the claim of the next and leaves the last one claimed and unmarked",
        arguments: TestBackend.allCases)
    func passMarksInNextClaim(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let outbox = db.stores.outbox
            let messages = (0..<25).map { message("user\($0 % 4)", "e\($0)") }
            try await outbox.append(messages)
            let publisher = RecordingPublisher()
            let relay = OutboxRelay(store: outbox, publisher: publisher, batchSize: 10, lease: .seconds(30))

            let pass = try await relay.relayPass()

            #expect(pass.published == 25)
            let published = publisher.published.withLock { $0 }
            #expect(published.count == 25 && Set(published) == Set(messages.map(\.eventID)))
            #expect(pass.unmarked == messages.suffix(5).map(\.eventID), "the short last batch")
            #expect(try await outbox.unsent(limit: 30).map(\.eventID) == pass.unmarked)
            // Still under this relay's claim: nobody else publishes them before the lease expires.
            #expect(try await outbox.claim(limit: 10, token: UUID(), lease: .seconds(30)).isEmpty)
            // The next pass marks them in its first claim's transaction.
            let next = try await relay.relayPass(markingFirst: pass.unmarked)
            #expect(next.published == 0 && next.unmarked.isEmpty)
            #expect(try await outbox.unsentCount() == 0)
        }
    }

    @Test("events a dead relay left unmarked go out again once its lease expires", arguments: TestBackend.allCases)
    func unmarkedAfterCrash(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let outbox = db.stores.outbox
            let messages = (0..<3).map { message("alice", "e\($0)") }
            try await outbox.append(messages)
            _ = try await OutboxRelay(store: outbox, publisher: RecordingPublisher(), lease: .seconds(30)).relayPass()
            let survivor = RecordingPublisher()
            let relay = OutboxRelay(store: outbox, publisher: survivor, lease: .seconds(30))
            #expect(try await relay.relayAll() == 0)
            db.clock.advance(by: 31)
            #expect(try await relay.relayAll() == 3)
            #expect(survivor.published.withLock { $0 } == messages.map(\.eventID))
            #expect(try await outbox.unsentCount() == 0)
        }
    }
}
