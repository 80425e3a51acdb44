package import FoundationEssentials

/// Stores chat conversations and their messages.
package protocol ConversationStore: Sendable {
    /// Creates a conversation for `userID`.
    func createConversation(id: UUID, userID: String, title: String?) async throws -> ConversationRecord

    /// The conversation with `id` owned by `userID`, if any.
    func conversation(id: UUID, userID: String) async throws -> ConversationRecord?

    /// A user's conversations, most recently active first.
    func conversations(userID: String, limit: Int) async throws -> [ConversationRecord]

    /// Appends a message and bumps the conversation's `updatedAt`.
    /// - Throws: ``StorageError`` `.notFound` when the conversation is not the user's.
    func append(_ message: NewMessage) async throws -> MessageRecord

    /// Appends `messages` (in order) and sets the conversation's `state`, in one transaction.
    /// - Throws: ``StorageError`` `.notFound` when the conversation is not `userID`'s.
    func record(_ messages: [NewMessage], state: String?, conversationID: UUID, userID: String) async throws
        -> [MessageRecord]

    /// The last `limit` messages of a conversation, oldest first.
    func messages(conversationID: UUID, userID: String, limit: Int) async throws -> [MessageRecord]
}
