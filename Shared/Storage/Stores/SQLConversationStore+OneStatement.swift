package import FoundationEssentials
import PostgresClient

/// A chat turn's messages and state in one statement on PostgreSQL (issue 13): the conversation's update and the
/// message inserts as one data-modifying CTE, autocommitted: one round trip instead of four (BEGIN with the update,
/// one per message, COMMIT).
extension SQLConversationStore {
    /// `count` messages after the conversation's update: `$1` id, `$2` owner, `$3` time, `$4` state, then per message
    /// its id, role, content and tool calls. No conversation of that owner: nothing is inserted, no row comes back.
    static func recordStatement(_ count: Int) -> String {
        let rows = (0..<count).map { index in
            let base = 4 + index * 4
            return "($\(base + 1)::uuid, $\(base + 2)::text, $\(base + 3)::text, $\(base + 4)::json, \(index))"
        }
        return """
            WITH touched AS (
                UPDATE conversations SET updated_at = $3, state = $4 WHERE id = $1 AND user_id = $2 RETURNING id)
            INSERT INTO messages (id, conversation_id, user_id, role, content, tool_calls, created_at)
            SELECT m.id, touched.id, $2, m.role, m.content, m.tool_calls, $3
            FROM touched, (VALUES \(rows.joined(separator: ", "))) AS m (id, role, content, tool_calls, position)
            ORDER BY m.position
            RETURNING \(messageColumns)
            """
    }

    /// ``record(_:state:conversationID:userID:)`` on PostgreSQL, for one message or more, retried on a lost
    /// connection. A retry that finds its messages' ids taken by the same conversation returns them: the first try
    /// committed.
    func recordInOneStatement(
        _ messages: [NewMessage], state: String?, conversationID: UUID, userID: String, at now: Date
    ) async throws -> [MessageRecord] {
        var binds: [SQLValue] = [.uuid(conversationID), .text(userID), .date(now), .optional(state, SQLValue.text)]
        for message in messages {
            binds += [
                .uuid(message.id), .text(message.role), .text(message.content), .optional(message.toolCalls, SQLValue.json),
            ]
        }
        let sql = Self.recordStatement(messages.count)
        let statementBinds = binds
        let missing = StorageError(.notFound, message: "no conversation \(conversationID.uuidString.lowercased()) for \(userID)")
        return try await withPostgresRetry(unwrap: PostgresSQLDatabase.postgresError) {
            try await database.withoutTransaction { executor in
                do {
                    let rows = try executor.query(sql, statementBinds).map(Self.message).sorted { $0.sequence < $1.sequence }
                    guard !rows.isEmpty else { throw missing }
                    return rows
                } catch let error as StorageError where error.code == .duplicate {
                    let placeholders = messages.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
                    let stored = try executor.query(
                        """
                        SELECT \(Self.messageColumns) FROM messages WHERE conversation_id = $1 AND id IN (\(placeholders))
                        ORDER BY sequence
                        """, [.uuid(conversationID)] + messages.map { .uuid($0.id) }
                    ).map(Self.message)
                    guard stored.count == messages.count else { throw error }
                    return stored
                }
            }
        }
    }

    /// ``recordStatement(_:)`` for a turn queued in another change's transaction: a missing conversation (or one of
    /// another owner) makes `conversation_id` NULL, so the statement fails (not-null violation) and the whole
    /// transaction with it, instead of inserting nothing.
    static func queuedRecordStatement(_ count: Int) -> String {
        let rows = (0..<count).map { index in
            let base = 4 + index * 4
            return "($\(base + 1)::uuid, $\(base + 2)::text, $\(base + 3)::text, $\(base + 4)::json, \(index))"
        }
        return """
            WITH touched AS (
                UPDATE conversations SET updated_at = $3, state = $4 WHERE id = $1 AND user_id = $2 RETURNING id)
            INSERT INTO messages (id, conversation_id, user_id, role, content, tool_calls, created_at)
            SELECT m.id, (SELECT id FROM touched), $2, m.role, m.content, m.tool_calls, $3
            FROM (VALUES \(rows.joined(separator: ", "))) AS m (id, role, content, tool_calls, position)
            ORDER BY m.position
            """
    }

    /// Writes a chat turn (`messages` in order and the conversation's `state`) inside a transaction the caller holds:
    /// a ``TaskChangeCompanion``'s write, so the turn commits with the task change it asked for. On PostgreSQL it is
    /// one statement queued for the COMMIT (no round trip of its own).
    /// - Throws: ``StorageError`` `.invalidInput` for a message of another conversation or owner; `.notFound` (SQLite,
    ///   at once) or `.constraint` (PostgreSQL, at COMMIT) when the conversation is not `userID`'s. Either way the
    ///   transaction writes nothing.
    package static func write(
        _ messages: [NewMessage], state: String?, conversationID: UUID, userID: String, at now: Date,
        into executor: any SQLExecutor
    ) throws {
        guard messages.allSatisfy({ $0.conversationID == conversationID && $0.userID == userID }) else {
            throw StorageError(.invalidInput, message: "a message of another conversation or owner")
        }
        var binds: [SQLValue] = [.uuid(conversationID), .text(userID), .date(now), .optional(state, SQLValue.text)]
        if executor.dialect == .postgres, !messages.isEmpty {
            for message in messages {
                binds += [
                    .uuid(message.id), .text(message.role), .text(message.content),
                    .optional(message.toolCalls, SQLValue.json),
                ]
            }
            try executor.enqueue(queuedRecordStatement(messages.count), binds)
            return
        }
        let touched = try executor.execute(
            "UPDATE conversations SET updated_at = $3, state = $4 WHERE id = $1 AND user_id = $2", binds)
        guard touched == 1 else {
            throw StorageError(.notFound, message: "no conversation \(conversationID.uuidString.lowercased()) for \(userID)")
        }
        for message in messages { _ = try insert(message, at: now, into: executor) }
    }
}
