package import FoundationEssentials

/// ``ConversationStore`` on PostgreSQL or SQLite.
package struct SQLConversationStore: ConversationStore {
    private static let columns = "id, user_id, title, created_at, updated_at, state"
    static let messageColumns = "id, conversation_id, user_id, role, content, tool_calls, created_at, sequence"
    let database: any SQLDatabase
    private let now: @Sendable () -> Date

    /// Makes a store over `database`.
    package init(database: any SQLDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// ``ConversationStore/createConversation`` on this backend; see the protocol for the contract.
    package func createConversation(id: UUID, userID: String, title: String?) async throws -> ConversationRecord {
        let now = now()
        let conversation = ConversationRecord(id: id, userID: userID, title: title, createdAt: now, updatedAt: now)
        return try await database.transaction { executor in
            try executor.execute(
                "INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
                [.uuid(id), .text(userID), .optional(title, SQLValue.text), .date(now), .date(now)])
            return conversation
        }
    }

    /// ``ConversationStore/conversation`` on this backend; see the protocol for the contract.
    package func conversation(id: UUID, userID: String) async throws -> ConversationRecord? {
        try await database.read { executor in
            try executor.query(
                "SELECT \(Self.columns) FROM conversations WHERE id = $1 AND user_id = $2", [.uuid(id), .text(userID)]
            ).first.map(Self.conversation)
        }
    }

    /// ``ConversationStore/conversations`` on this backend; see the protocol for the contract.
    package func conversations(userID: String, limit: Int) async throws -> [ConversationRecord] {
        try await database.read { executor in
            try executor.query(
                "SELECT \(Self.columns) FROM conversations WHERE user_id = $1 ORDER BY updated_at DESC, id LIMIT $2",
                [.text(userID), .int(Int64(min(max(limit, 1), 1000)))]
            ).map(Self.conversation)
        }
    }

    /// ``ConversationStore/append`` on this backend; see the protocol for the contract.
    package func append(_ message: NewMessage) async throws -> MessageRecord {
        let now = now()
        return try await database.transaction { executor in
            let touched = try executor.execute(
                "UPDATE conversations SET updated_at = $3 WHERE id = $1 AND user_id = $2",
                [.uuid(message.conversationID), .text(message.userID), .date(now)])
            guard touched == 1 else {
                throw StorageError(
                    .notFound, message: "no conversation \(message.conversationID.uuidString.lowercased()) for \(message.userID)")
            }
            return try Self.insert(message, at: now, into: executor)
        }
    }

    /// ``ConversationStore/record`` on this backend; see the protocol for the contract.
    package func record(_ messages: [NewMessage], state: String?, conversationID: UUID, userID: String) async throws
        -> [MessageRecord]
    {
        let now = now()
        guard messages.allSatisfy({ $0.conversationID == conversationID && $0.userID == userID }) else {
            throw StorageError(.invalidInput, message: "a message of another conversation or owner")
        }
        if database.dialect == .postgres, !messages.isEmpty {
            return try await recordInOneStatement(
                messages, state: state, conversationID: conversationID, userID: userID, at: now)
        }
        return try await database.transaction { executor in
            let touched = try executor.execute(
                "UPDATE conversations SET updated_at = $3, state = $4 WHERE id = $1 AND user_id = $2",
                [.uuid(conversationID), .text(userID), .date(now), .optional(state, SQLValue.text)])
            guard touched == 1 else {
                throw StorageError(.notFound, message: "no conversation \(conversationID.uuidString.lowercased()) for \(userID)")
            }
            return try messages.map { message in
                guard message.conversationID == conversationID, message.userID == userID else {
                    throw StorageError(.invalidInput, message: "a message of another conversation or owner")
                }
                return try Self.insert(message, at: now, into: executor)
            }
        }
    }

    static func insert(_ message: NewMessage, at now: Date, into executor: any SQLExecutor) throws -> MessageRecord {
        let row = try executor.query(
            """
            INSERT INTO messages (id, conversation_id, user_id, role, content, tool_calls, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING \(Self.messageColumns)
            """,
            [
                .uuid(message.id), .uuid(message.conversationID), .text(message.userID), .text(message.role),
                .text(message.content), .optional(message.toolCalls, SQLValue.json), .date(now),
            ])
        return try Self.message(try row.first.required("messages"))
    }

    /// ``ConversationStore/messages`` on this backend; see the protocol for the contract.
    package func messages(conversationID: UUID, userID: String, limit: Int) async throws -> [MessageRecord] {
        try await database.read { executor in
            try executor.query(
                """
                SELECT \(Self.messageColumns) FROM messages WHERE conversation_id = $1 AND user_id = $2
                ORDER BY sequence DESC LIMIT $3
                """, [.uuid(conversationID), .text(userID), .int(Int64(min(max(limit, 1), 1000)))]
            ).map(Self.message).reversed()
        }
    }

    private static func conversation(_ row: any SQLRow) throws -> ConversationRecord {
        ConversationRecord(
            id: try row.uuid(0).required("id"), userID: try row.string(1).required("user_id"), title: try row.string(2),
            createdAt: try row.date(3).required("created_at"), updatedAt: try row.date(4).required("updated_at"),
            state: try row.string(5))
    }

    static func message(_ row: any SQLRow) throws -> MessageRecord {
        MessageRecord(
            id: try row.uuid(0).required("id"), conversationID: try row.uuid(1).required("conversation_id"),
            userID: try row.string(2).required("user_id"), role: try row.string(3).required("role"),
            content: try row.string(4).required("content"), toolCalls: try row.string(5),
            createdAt: try row.date(6).required("created_at"), sequence: try row.int(7).required("sequence"))
    }
}
