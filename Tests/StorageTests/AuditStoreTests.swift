import FoundationEssentials
import Storage
import Testing

@Suite("AuditStore on both backends")
struct AuditStoreTests {
    static func entry(_ index: Int, type: String = "com.todo.task.created.v1", actor: String = "alice", id: UUID = UUID())
        -> NewAuditEntry
    {
        NewAuditEntry(
            eventID: id, type: type, source: "/task-crud", subject: "task-\(index)", actor: actor,
            payload: #"{"title": "task \#(index)",  "n":\#(index)}"#,
            eventTime: Date(timeIntervalSince1970: 1_767_225_600 + Double(index)),
            receivedAt: Date(timeIntervalSince1970: 1_767_225_601.5 + Double(index)))
    }

    @Test("stores an event id once; a redelivery is reported as already stored", arguments: TestBackend.allCases)
    func appendOnce(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let audit = db.stores.audit
            let entry = Self.entry(1)
            guard case .stored(let record) = try await audit.append(entry) else {
                Issue.record("first append was not stored")
                return
            }
            #expect(record.sequence == 1 && record.previousHash == [UInt8](repeating: 0, count: 32) && record.hash.count == 32)
            #expect(try await audit.append(entry) == .alreadyStored)
            #expect(try await db.count("audit_entries") == 1)
            #expect(try await audit.entry(eventID: entry.eventID) == record)
        }
    }

    @Test("the first hash is SHA-256 of 32 zero bytes and the entry's canonical bytes")
    func hashFormula() async throws {
        let hasher = CryptoAuditHasher()
        let abc = try hasher.sha256(Array("abc".utf8)).map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }
        #expect(abc.joined() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let entry = Self.entry(1)
        let canonical = AuditCanonicalForm.bytes(entry, sequence: 1)
        #expect(canonical.prefix(8) == [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(canonical[8..<12] == [0, 0, 0, 36])
        try await TestBackend.sqlite.withDatabase { db in
            guard case .stored(let record) = try await db.stores.audit.append(entry) else {
                Issue.record("not stored")
                return
            }
            #expect(record.hash == (try hasher.sha256([UInt8](repeating: 0, count: 32) + canonical)))
        }
    }

    @Test("batched appends skip known and repeated ids and keep one chain", arguments: TestBackend.allCases)
    func batches(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let audit = db.stores.audit
            let first = Self.entry(0)
            _ = try await audit.append(first)
            let repeated = Self.entry(300)
            let result = try await audit.append(batch: [first] + (1..<300).map { Self.entry($0) } + [repeated, repeated])
            #expect(result.stored == 300)
            #expect(result.alreadyStored == [first.eventID, repeated.eventID])
            #expect(try await db.count("audit_entries") == 301)
            #expect(try await audit.verifyChain() == nil)
        }
    }

    @Test("concurrent appends keep the chain linear", arguments: TestBackend.allCases)
    func concurrentAppends(backend: TestBackend) async throws {
        try await backend.withDatabase(poolSize: 4) { db in
            let audit = db.stores.audit
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for index in 0..<15 { _ = try await audit.append(Self.entry(worker * 100 + index)) }
                        _ = try await audit.append(batch: (0..<20).map { Self.entry(worker * 1000 + $0) })
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await db.count("audit_entries") == 140)
            #expect(try await audit.verifyChain() == nil)
        }
    }

    @Test("queries by type, actor and time with a cursor", arguments: TestBackend.allCases)
    func queries(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let audit = db.stores.audit
            let entries = (0..<10).map {
                Self.entry($0, type: $0 < 6 ? "created" : "deleted", actor: $0.isMultiple(of: 2) ? "alice" : "bob")
            }
            _ = try await audit.append(batch: entries)
            let created = try await audit.query(AuditQuery(type: "created", limit: 4))
            #expect(created.entries.map(\.sequence) == [1, 2, 3, 4] && created.nextCursor == 4)
            let rest = try await audit.query(AuditQuery(type: "created", afterSequence: created.nextCursor, limit: 4))
            #expect(rest.entries.map(\.sequence) == [5, 6] && rest.nextCursor == nil)
            #expect(try await audit.query(AuditQuery(actor: "bob")).entries.count == 5)
            let window = AuditQuery(from: entries[2].eventTime, to: entries[5].eventTime)
            #expect(try await audit.query(window).entries.map(\.entry.subject) == ["task-2", "task-3", "task-4"])
            #expect(try await audit.query(AuditQuery(limit: 1)).entries.first?.entry == entries[0])
        }
    }

    @Test("the database itself rejects UPDATE and DELETE of audit entries", arguments: TestBackend.allCases)
    func immutable(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            _ = try await db.stores.audit.append(Self.entry(1))
            for statement in ["UPDATE audit_entries SET actor = 'mallory'", "DELETE FROM audit_entries"] {
                let error = await #expect(throws: StorageError.self) {
                    try await db.database.transaction { try $0.execute(statement, []) }
                }
                #expect(error?.code == .immutable)
            }
            if backend == .postgres {
                let error = await #expect(throws: StorageError.self) {
                    try await db.database.transaction { try $0.executeScript("TRUNCATE audit_entries") }
                }
                #expect(error?.code == .immutable)
            }
            #expect(try await db.count("audit_entries", where: "actor = 'alice'") == 1)
        }
    }

    @Test("verification names the first tampered entry", arguments: TestBackend.allCases)
    func detectsTampering(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let audit = db.stores.audit
            let entries = (1...6).map { Self.entry($0) }
            _ = try await audit.append(batch: entries)
            #expect(try await audit.verifyChain() == nil)
            // Only a superuser can do this: switch the guard off, then rewrite entries 3 and 5.
            let tamper = """
                UPDATE audit_entries SET payload = '{"title": "forged"}' WHERE sequence = 5;
                UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 3;
                """
            let script =
                backend == .postgres
                ? "ALTER TABLE audit_entries DISABLE TRIGGER USER; \(tamper) ALTER TABLE audit_entries ENABLE TRIGGER USER;"
                : "DROP TRIGGER audit_entries_no_update; \(tamper)"
            try await db.database.withoutTransaction { try $0.executeScript(script) }
            let broken = try #require(try await audit.verifyChain())
            #expect(broken.sequence == 3)
            #expect(broken.eventID == entries[2].eventID)
            #expect(broken.description.contains("hash does not match"))
        }
    }
}
