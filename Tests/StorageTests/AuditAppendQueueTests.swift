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
}
