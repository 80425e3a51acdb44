package import FoundationEssentials

/// ``OutboxStore`` on PostgreSQL (claims under `FOR UPDATE SKIP LOCKED` plus a short advisory lock) or SQLite
/// (claims under the single writer's `BEGIN IMMEDIATE`).
package struct SQLOutboxStore: OutboxStore {
    /// The advisory lock that serialises PostgreSQL claims ("outbox" in ASCII).
    static let claimLockKey: Int64 = 0x6F75_7462_6F78
    private static let columns = "sequence, event_id, topic, partition_key, event_type, payload, created_at, sent_at"

    private let database: any SQLDatabase
    private let now: @Sendable () -> Date
    /// `('…', '…')`, the topics of a relay limited to some topics, else nil.
    private let topicList: String?

    /// Makes a store over `database` whose claims take only events of `topics` (nil: every topic). Topic names are
    /// letters, digits, `-`, `_` and `.`; others are left out of the filter.
    package init(database: any SQLDatabase, topics: [String]? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
        let safe = (topics ?? []).filter { topic in
            !topic.isEmpty
                && topic.utf8.allSatisfy {
                    $0 == 45 || $0 == 46 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0)
                        || (97...122).contains($0)
                }
        }
        topicList = topics.map { _ in "(\((safe.isEmpty ? ["''"] : safe.map { "'\($0)'" }).joined(separator: ", ")))" }
    }

    /// ``OutboxStore/append`` on this backend; see the protocol for the contract.
    package func append(_ messages: [OutboxMessage]) async throws {
        let now = now()
        try await database.transaction { executor in try OutboxWriter.write(messages, to: executor, createdAt: now) }
    }

    /// ``OutboxStore/unsent`` on this backend; see the protocol for the contract.
    package func unsent(limit: Int) async throws -> [OutboxEvent] {
        try await database.read { executor in
            try executor.query(
                "SELECT \(Self.columns) FROM outbox WHERE sent_at IS NULL ORDER BY sequence LIMIT $1", [.int(Int64(limit))]
            ).map(Self.event)
        }
    }

    /// ``OutboxStore/claim`` on this backend; see the protocol for the contract.
    package func claim(limit: Int, token: UUID, lease: Duration) async throws -> [OutboxEvent] {
        try await markSentAndClaim(sent: [], limit: limit, token: token, lease: lease)
    }

    /// ``OutboxStore/markSent`` on this backend; see the protocol for the contract.
    package func markSent(eventIDs: [UUID]) async throws {
        guard !eventIDs.isEmpty else { return }
        let now = now()
        _ = try await database.priorityTransaction { executor in
            if executor.dialect == .postgres { try Self.commitWithoutWaitingForDisk(executor) }
            try Self.mark(eventIDs, sentAt: now, executor)
        }
    }

    /// ``OutboxStore/markSentAndClaim`` on this backend, in one transaction; see the protocol for the contract.
    package func markSentAndClaim(sent: [UUID], limit: Int, token: UUID, lease: Duration) async throws -> [OutboxEvent] {
        let now = now()
        let until = now.addingTimeInterval(Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18)
        return try await database.priorityTransaction { executor in
            let postgres = executor.dialect == .postgres
            if postgres {
                // One statement, sent with BEGIN: the commit without waiting for the disk (set_config's `true` is SET
                // LOCAL; see commitWithoutWaitingForDisk) and the claim lock. Saves a round trip per pass (issue 13).
                _ = try executor.query(
                    "SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock($1::int8)",
                    [.int(Self.claimLockKey)])
            }
            // Marked first, so the claim below no longer sees these events as older ones under a live claim.
            try Self.mark(sent, sentAt: now, executor)
            let claimed = try executor.query(
                Self.claimSQL(postgres: postgres, topics: topicList),
                [.date(until), .uuid(token), .date(now), .int(Int64(limit)), .int(Int64(limit * Self.headWindow))])
            return try claimed.map(Self.event).sorted { $0.sequence < $1.sequence }
        }
    }

    /// How many batches deep into the unsent head a claim looks (``claimSQL(postgres:topics:)``).
    static let headWindow = 10

    /// The claim: the oldest unclaimed (or expired) unsent events, in sequence order, skipping every partition that
    /// has an unsent event under a live claim (another relay is publishing it; its later events wait so that each
    /// partition is published in order).
    ///
    /// Its cost does not grow with the backlog or with other relays' claims (issue 11: it used to test each candidate
    /// against every live claim, O(backlog × claimed), and took about a second per batch while the cron sweep or a
    /// second relay held a batch): the blocked partitions are read once from `outbox_unsent_by_partition` (only
    /// claimed rows), and the candidates come only from the first `$5` unsent events (`headWindow` batches). When
    /// all of those belong to blocked partitions the claim is empty and the relay holding them moves the head on.
    ///
    /// A relay limited to some `topics` (each function relays what it publishes; they share the table) claims,
    /// counts its head window and is blocked by claims only within those topics: order is per partition and topic.
    static func claimSQL(postgres: Bool, topics: String? = nil) -> String {
        let only = { (alias: String) in topics.map { " AND \(alias).topic IN \($0)" } ?? "" }
        return """
            UPDATE outbox SET claimed_until = $1, claim_token = $2 WHERE sequence IN (
                SELECT o.sequence FROM outbox o
                WHERE o.sent_at IS NULL AND (o.claimed_until IS NULL OR o.claimed_until <= $3)\(only("o"))
                AND o.sequence < COALESCE((
                    SELECT h.sequence FROM outbox h WHERE h.sent_at IS NULL\(only("h")) ORDER BY h.sequence LIMIT 1 OFFSET $5),
                    9223372036854775807)
                AND o.partition_key NOT IN (
                    SELECT p.partition_key FROM outbox p
                    WHERE p.sent_at IS NULL AND p.claimed_until IS NOT NULL AND p.claimed_until > $3\(only("p")))
                ORDER BY o.sequence LIMIT $4\(postgres ? " FOR UPDATE SKIP LOCKED" : ""))
            RETURNING \(columns)
            """
    }

    private static func mark(_ eventIDs: [UUID], sentAt: Date, _ executor: any SQLExecutor) throws {
        guard !eventIDs.isEmpty else { return }
        try executor.executeBatch(
            "UPDATE outbox SET sent_at = $1, claimed_until = NULL, claim_token = NULL WHERE event_id = $2",
            eventIDs.map { [.date(sentAt), .uuid($0)] })
    }

    /// Claims and sent marks commit on PostgreSQL without waiting for the disk (`synchronous_commit = off` for that
    /// transaction only): a crash can lose the last of them, which only means the events are published again with
    /// the same ids (consumers drop them), while the relay saves two disk syncs per batch.
    private static func commitWithoutWaitingForDisk(_ executor: any SQLExecutor) throws {
        try executor.execute("SET LOCAL synchronous_commit = off", [])
    }

    /// ``OutboxStore/release`` on this backend; see the protocol for the contract.
    package func release(eventIDs: [UUID], token: UUID) async throws {
        guard !eventIDs.isEmpty else { return }
        _ = try await database.transaction { executor in
            try executor.executeBatch(
                """
                UPDATE outbox SET claimed_until = NULL, claim_token = NULL
                WHERE event_id = $1 AND claim_token = $2 AND sent_at IS NULL
                """, eventIDs.map { [.uuid($0), .uuid(token)] })
        }
    }

    /// ``OutboxStore/unsentCount`` on this backend; see the protocol for the contract.
    package func unsentCount() async throws -> Int {
        try await database.read { executor in
            Int(try executor.query("SELECT count(*) FROM outbox WHERE sent_at IS NULL", [])[0].int(0).required("count"))
        }
    }

    static func event(_ row: any SQLRow) throws -> OutboxEvent {
        OutboxEvent(
            sequence: try row.int(0).required("sequence"),
            message: OutboxMessage(
                eventID: try row.uuid(1).required("event_id"), topic: try row.string(2).required("topic"),
                partitionKey: try row.string(3).required("partition_key"),
                eventType: try row.string(4).required("event_type"), payload: try row.bytes(5).required("payload")),
            createdAt: try row.date(6).required("created_at"), sentAt: try row.date(7))
    }
}
