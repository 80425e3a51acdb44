import FoundationEssentials
import Storage
import Testing

/// The database owner's attacks on the audit chain: triggers dropped, rows rewritten with recomputed keyless links,
/// reordered, cut off the end. Each must be found by verification against a signed checkpoint of the head, at the
/// first entry that no longer verifies.
@Suite("Keyed audit chain against the database owner, on both backends")
struct AuditChainTamperTests {
    static let key = Array("a fixed audit chain key for tests".utf8)
    static let hasher = CryptoAuditHasher()

    /// 300 entries appended in three batches by a keyed store, and the checkpoint of the head.
    static func filled(_ db: TestDatabase) async throws -> (SQLAuditStore, AuditCheckpoint) {
        let audit = SQLAuditStore(database: db.database, hasher: hasher, chainKey: key)
        var head: AuditChainHead?
        for batch in 0..<3 {
            let entries = (1...100).map { AuditStoreTests.entry(batch * 100 + $0) }
            head = try await audit.append(batch: entries).head
        }
        let checkpoint = try AuditCheckpoint(#require(head), keyedFrom: 1, key: key, hasher: hasher)
        #expect(checkpoint.head.sequence == 300)
        #expect(try await audit.verifyChain(against: checkpoint) == nil)
        return (audit, checkpoint)
    }

    /// Switches the immutability guard off, as the database owner can.
    static func dropGuards(_ db: TestDatabase) async throws {
        let script =
            db.backend == .postgres
            ? "ALTER TABLE audit_entries DISABLE TRIGGER USER"
            : "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete"
        try await db.database.withoutTransaction { try $0.executeScript(script) }
    }

    /// Rewrites the links from `sequence` on the way the keyless chain computed them (SHA-256), with chain version
    /// `version`, after changing entry `sequence`'s payload to `payload` if given.
    static func recomputeKeyless(
        _ db: TestDatabase, _ audit: SQLAuditStore, from sequence: Int64, through last: Int64? = nil, version: Int,
        payload: String? = nil
    ) async throws {
        var records = try await audit.query(AuditQuery(limit: 1000)).entries
        var previous = sequence == 1 ? [UInt8](repeating: 0, count: 32) : records[Int(sequence) - 2].hash
        for index in Int(sequence - 1)..<Int(last ?? Int64(records.count)) {
            if let payload, index == Int(sequence - 1) { records[index].entry.payload = payload }
            let record = records[index]
            let hash = try AuditCanonicalForm.hash(
                record.entry, sequence: record.sequence, previous: previous, version: 1, key: nil, hasher: hasher)
            let binds: [SQLValue] = [
                .json(record.entry.payload), .bytes(previous), .bytes(hash), .int(Int64(version)), .int(record.sequence),
            ]
            _ = try await db.database.transaction { executor in
                try executor.execute(
                    "UPDATE audit_entries SET payload = $1, previous_hash = $2, hash = $3, chain_version = $4 WHERE sequence = $5",
                    binds)
            }
            previous = hash
        }
    }

    @Test("a rewritten entry with every later link recomputed as before is found at that entry", arguments: TestBackend.allCases)
    func rewrite(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let (audit, checkpoint) = try await Self.filled(db)
            try await Self.dropGuards(db)
            try await Self.recomputeKeyless(db, audit, from: 50, version: 2, payload: #"{"title": "forged"}"#)
            let broken = try #require(try await audit.verifyChain(against: checkpoint))
            #expect(broken.sequence == 50)
            #expect(broken.reason.contains("hash does not match"))
            #expect(try await audit.verifyChain() == broken, "the key alone finds it, without the checkpoint")
        }
    }

    @Test("keyed links turned back into keyless ones are found at the first one turned", arguments: TestBackend.allCases)
    func downgrade(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let (audit, checkpoint) = try await Self.filled(db)
            try await Self.dropGuards(db)
            try await Self.recomputeKeyless(db, audit, from: 120, version: 1, payload: #"{"title": "forged"}"#)
            #expect(try await audit.verifyChain(against: checkpoint)?.sequence == 120)
            try await Self.recomputeKeyless(db, audit, from: 1, version: 1)
            let broken = try #require(try await audit.verifyChain(against: checkpoint))
            #expect(broken.sequence == 1)
            #expect(broken.reason.contains("keyless link where the signed checkpoint says the chain is keyed"))
        }
    }

    @Test("swapped entries are found at the first of them", arguments: TestBackend.allCases)
    func reorder(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let (audit, checkpoint) = try await Self.filled(db)
            try await Self.dropGuards(db)
            try await db.database.withoutTransaction {
                try $0.executeScript(
                    """
                    UPDATE audit_entries SET sequence = -1 WHERE sequence = 100;
                    UPDATE audit_entries SET sequence = 100 WHERE sequence = 101;
                    UPDATE audit_entries SET sequence = 101 WHERE sequence = -1;
                    """)
            }
            let broken = try #require(try await audit.verifyChain(against: checkpoint))
            #expect(broken.sequence == 100)
        }
    }

    @Test("the last 100 entries cut off are found by the checkpoint, at the first missing one", arguments: TestBackend.allCases)
    func truncate(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let (audit, checkpoint) = try await Self.filled(db)
            try await Self.dropGuards(db)
            try await db.database.withoutTransaction { try $0.executeScript("DELETE FROM audit_entries WHERE sequence > 200") }
            #expect(try await audit.verifyChain() == nil, "without the checkpoint a shorter chain still links")
            let broken = try #require(try await audit.verifyChain(against: checkpoint))
            #expect(broken.sequence == 201)
            #expect(broken.eventID == nil)
            #expect(broken.reason.contains("entries were removed"))
        }
    }

    @Test("a checkpoint not signed with the chain key, or read back changed, is itself a break", arguments: TestBackend.allCases)
    func forgedCheckpoint(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let (audit, checkpoint) = try await Self.filled(db)
            let forged = try AuditCheckpoint(
                AuditChainHead(sequence: 200, hash: checkpoint.head.hash), keyedFrom: 1, key: Array("other".utf8),
                hasher: Self.hasher)
            #expect(try await audit.verifyChain(against: forged)?.reason.contains("not signed") == true)
            var moved = checkpoint
            moved.head.sequence = 200
            #expect(try await audit.verifyChain(against: moved)?.reason.contains("not signed") == true)
            #expect(AuditCheckpoint(json: checkpoint.json) == checkpoint)
        }
    }

    @Test(
        "rows from before the key keep their SHA-256 links and are protected by the first keyed link",
        arguments: TestBackend.allCases)
    func migration(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let keyless = SQLAuditStore(database: db.database, hasher: Self.hasher)
            _ = try await keyless.append(batch: (1...10).map { AuditStoreTests.entry($0) })
            let keyed = SQLAuditStore(database: db.database, hasher: Self.hasher, chainKey: Self.key)
            let head = try #require(try await keyed.append(batch: (11...20).map { AuditStoreTests.entry($0) }).head)
            #expect(try await keyed.firstKeyedSequence() == 11)
            let checkpoint = try AuditCheckpoint(head, keyedFrom: 11, key: Self.key, hasher: Self.hasher)
            #expect(try await keyed.verifyChain(against: checkpoint) == nil)
            let versions = try await db.database.read { executor in
                try executor.query("SELECT chain_version FROM audit_entries ORDER BY sequence", []).map { try $0.int(0) }
            }
            #expect(versions == Array(repeating: 1, count: 10) + Array(repeating: 2, count: 10))
            #expect(try await keyless.verifyChain()?.reason.contains("cannot be checked without the chain key") == true)
            // The old attack on the keyless prefix: rewrite entry 5 and recompute its links up to 10.
            try await Self.dropGuards(db)
            try await Self.recomputeKeyless(db, keyed, from: 5, through: 10, version: 1, payload: #"{"title": "forged"}"#)
            let broken = try #require(try await keyed.verifyChain(against: checkpoint))
            #expect(broken.sequence == 11)
            #expect(broken.reason.contains("previous hash"))
        }
    }
}
