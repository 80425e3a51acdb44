import FoundationEssentials
import Storage
import Testing

@Suite("AuditAppendQueue")
struct AuditAppendQueueTests {
    @Test("many concurrent appends are each stored once, on a chain that verifies", arguments: TestBackend.allCases)
    func concurrentAppends(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let queue = AuditAppendQueue(audit: db.stores.audit, maximumBatch: 16)
            let entries = (0..<300).map { AuditStoreTests.entry($0, actor: "user\($0 % 3)") }
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for entry in entries { group.addTask { try await queue.append(entry) } }
                var stored = 0
                for try await result in group where result { stored += 1 }
                return stored
            }
            #expect(results == 300)
            #expect(try await db.count("audit_entries") == 300)
            #expect(try await db.stores.audit.verifyChain() == nil)
        }
    }

    @Test("a redelivered event id answers false and writes nothing", arguments: TestBackend.allCases)
    func redelivery(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let queue = AuditAppendQueue(audit: db.stores.audit)
            let entry = AuditStoreTests.entry(1)
            let first = try await queue.append(entry)
            let second = try await queue.append(entry)
            #expect(first)
            #expect(!second)
            #expect(try await db.count("audit_entries") == 1)
        }
    }

    /// The real store, failing the appends of chosen event ids (a full batch containing one fails whole).
    struct FailingAuditStore: AuditStore {
        struct Failure: Error {}
        let base: any AuditStore
        let failing: Set<UUID>

        func append(_ entry: NewAuditEntry) async throws -> AuditAppendResult {
            if failing.contains(entry.eventID) { throw Failure() }
            return try await base.append(entry)
        }
        func append(batch entries: [NewAuditEntry]) async throws -> AuditBatchResult {
            if entries.contains(where: { failing.contains($0.eventID) }) { throw Failure() }
            return try await base.append(batch: entries)
        }
        func entry(eventID: UUID) async throws -> AuditRecord? { try await base.entry(eventID: eventID) }
        func query(_ query: AuditQuery) async throws -> AuditPage { try await base.query(query) }
        func firstKeyedSequence() async throws -> Int64? { try await base.firstKeyedSequence() }
        func verifyChain(against checkpoint: AuditCheckpoint?) async throws -> AuditChainBreak? {
            try await base.verifyChain(against: checkpoint)
        }
    }

    @Test("a bulk is stored in order in one batch; a repeated id answers false", arguments: TestBackend.allCases)
    func bulk(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let queue = AuditAppendQueue(audit: db.stores.audit)
            let earlier = AuditStoreTests.entry(0)
            #expect(try await queue.append(earlier))
            let entries = [earlier] + (1..<6).map { AuditStoreTests.entry($0, actor: "user\($0 % 2)") }
            let results = await queue.append(contentsOf: entries).map { try? $0.get() }
            #expect(results == [false, true, true, true, true, true])
            let page = try await db.stores.audit.query(AuditQuery())
            #expect(page.entries.map(\.entry.eventID) == entries.map(\.eventID))
            #expect(try await db.stores.audit.verifyChain() == nil)
        }
    }

    @Test(
        "a failed entry fails its actor's later entries unwritten; other actors are stored; a retry keeps the order",
        arguments: TestBackend.allCases)
    func failureKeepsActorOrder(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let entries = (0..<8).map { AuditStoreTests.entry($0, actor: $0 % 2 == 0 ? "alice" : "bob") }
            let failing = AuditAppendQueue(
                audit: FailingAuditStore(base: db.stores.audit, failing: [entries[2].eventID]))
            let results = await failing.append(contentsOf: entries).map { (try? $0.get()) != nil }
            #expect(results == [true, true, false, true, false, true, false, true])
            #expect(try await db.count("audit_entries") == 5)
            let retried = await AuditAppendQueue(audit: db.stores.audit).append(contentsOf: [2, 4, 6].map { entries[$0] })
            #expect(retried.map { try? $0.get() } == [true, true, true])
            let alice = try await db.stores.audit.query(AuditQuery(actor: "alice")).entries.map(\.entry.eventID)
            #expect(alice == [0, 2, 4, 6].map { entries[$0].eventID })
            #expect(try await db.stores.audit.verifyChain() == nil)
        }
    }
}
