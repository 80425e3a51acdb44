import FoundationEssentials
import Storage
import Testing

/// The claim's rules when other relays hold claims (issue 11: the claim used to test every candidate against every
/// live claim and took about a second per batch while another pass held one).
@Suite("Outbox claims beside live claims on both backends")
struct OutboxClaimTests {
    @Test("a partition under a live claim waits; the other partitions are claimed in order", arguments: TestBackend.allCases)
    func blockedPartitionWaits(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let outbox = db.stores.outbox
            let alice = (0..<3).map { message("alice", "a\($0)") }
            let bob = (0..<3).map { message("bob", "b\($0)") }
            try await outbox.append([alice[0], bob[0], alice[1], bob[1], alice[2], bob[2]])
            let first = try await outbox.claim(limit: 1, token: UUID(), lease: .seconds(30))
            #expect(first.map(\.eventID) == [alice[0].eventID])

            let second = try await outbox.claim(limit: 10, token: UUID(), lease: .seconds(30))

            #expect(second.map(\.eventID) == bob.map(\.eventID), "alice waits behind her live claim")
            try await outbox.markSent(eventIDs: first.map(\.eventID))
            let third = try await outbox.claim(limit: 10, token: UUID(), lease: .seconds(30))
            #expect(third.map(\.eventID) == [alice[1].eventID, alice[2].eventID])
        }
    }

    @Test(
        "when every partition at the head is under a live claim the claim is empty, and an expired claim frees them",
        arguments: TestBackend.allCases)
    func blockedHeadIsEmpty(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let outbox = db.stores.outbox
            let messages = (0..<40).map { message("user\($0 % 4)", "e\($0)") }
            try await outbox.append(messages)
            let held = try await outbox.claim(limit: 4, token: UUID(), lease: .seconds(30))
            #expect(held.count == 4)

            #expect(try await outbox.claim(limit: 10, token: UUID(), lease: .seconds(30)).isEmpty)

            db.clock.advance(by: 31)
            let taken = try await outbox.claim(limit: 100, token: UUID(), lease: .seconds(30))
            #expect(taken.map(\.eventID) == messages.map(\.eventID), "all of them, the expired ones first, in order")
        }
    }

    @Test("a claim looks only at the first ten batches of the unsent head", arguments: TestBackend.allCases)
    func headWindow(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let outbox = db.stores.outbox
            // alice owns the first 20 events, carol the 21st.
            let alice = (0..<20).map { message("alice", "a\($0)") }
            let carol = message("carol", "c")
            try await outbox.append(alice + [carol])
            _ = try await outbox.claim(limit: 1, token: UUID(), lease: .seconds(30))

            // limit 2: the window is the first 20 unsent events, all alice's, whose partition is blocked.
            #expect(try await outbox.claim(limit: 2, token: UUID(), lease: .seconds(30)).isEmpty)
            // limit 3: the window reaches carol's.
            let claimed = try await outbox.claim(limit: 3, token: UUID(), lease: .seconds(30))
            #expect(claimed.map(\.eventID) == [carol.eventID])
        }
    }
}
