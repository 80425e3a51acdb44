package import FoundationEssentials

/// A chat conversation.
package struct ConversationRecord: Sendable, Hashable {
    /// The id.
    package var id: UUID
    /// The owner.
    package var userID: String
    /// An optional title.
    package var title: String?
    /// When it was created.
    package var createdAt: Date
    /// When its last message was added.
    package var updatedAt: Date
    /// What the chat remembers between messages (JSON text), if anything.
    package var state: String? = nil
}

/// A chat message.
package struct MessageRecord: Sendable, Hashable {
    /// The id.
    package var id: UUID
    /// The conversation.
    package var conversationID: UUID
    /// The owner.
    package var userID: String
    /// `user`, `assistant`, `tool` or `system`.
    package var role: String
    /// The text.
    package var content: String
    /// Tool calls as JSON text, if any.
    package var toolCalls: String?
    /// When it was added.
    package var createdAt: Date
    /// Its order in the database.
    package var sequence: Int64
}

/// A message to add.
package struct NewMessage: Sendable, Hashable {
    /// The id.
    package var id: UUID
    /// The conversation.
    package var conversationID: UUID
    /// The owner (must own the conversation).
    package var userID: String
    /// The role.
    package var role: String
    /// The text.
    package var content: String
    /// Tool calls as JSON text.
    package var toolCalls: String?

    /// Makes a message.
    package init(
        id: UUID = TimeOrderedUUID.make(), conversationID: UUID, userID: String, role: String, content: String,
        toolCalls: String? = nil
    ) {
        self.id = id
        self.conversationID = conversationID
        self.userID = userID
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
    }
}
