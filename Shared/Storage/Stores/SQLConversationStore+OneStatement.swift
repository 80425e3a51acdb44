import FoundationEssentials
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
}
