import FoundationEssentials
import Storage
import Testing

@Suite("Conversations' chat state and user settings on both backends")
struct ChatStoreTests {
    @Test("record appends the turn's messages and sets the state in one go, only for the owner", arguments: TestBackend.allCases)
    func record(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let conversations = db.stores.conversations
            let id = UUID()
            let created = try await conversations.createConversation(id: id, userID: "alice", title: "hi")
            #expect(created.state == nil)
            let messages = [
                NewMessage(conversationID: id, userID: "alice", role: "user", content: "list my tasks"),
                NewMessage(conversationID: id, userID: "alice", role: "assistant", content: "You have…", toolCalls: "[]"),
            ]
            let stored = try await conversations.record(
                messages, state: #"{"lastList":["a"]}"#, conversationID: id, userID: "alice")
            #expect(stored.map(\.role) == ["user", "assistant"] && stored[0].sequence < stored[1].sequence)
            #expect(try await conversations.conversation(id: id, userID: "alice")?.state == #"{"lastList":["a"]}"#)
            await #expect(throws: StorageError.self) {
                _ = try await conversations.record([], state: "{}", conversationID: id, userID: "bob")
            }
            let foreign = [NewMessage(conversationID: UUID(), userID: "alice", role: "user", content: "x")]
            await #expect(throws: StorageError.self) {
                _ = try await conversations.record(foreign, state: "{}", conversationID: id, userID: "alice")
            }
            // Neither refused call wrote anything.
            #expect(try await conversations.messages(conversationID: id, userID: "alice", limit: 10).count == 2)
            #expect(try await conversations.conversation(id: id, userID: "alice")?.state == #"{"lastList":["a"]}"#)
        }
    }

    @Test("on PostgreSQL a replayed record (its first try committed) returns the stored messages and adds nothing")
    func replayedRecord() async throws {
        try await TestBackend.postgres.withDatabase { db in
            let conversations = db.stores.conversations
            let id = UUID()
            _ = try await conversations.createConversation(id: id, userID: "alice", title: nil)
            let turn = [
                NewMessage(conversationID: id, userID: "alice", role: "user", content: "add milk"),
                NewMessage(conversationID: id, userID: "alice", role: "assistant", content: "Added", toolCalls: #"[{"a":1}]"#),
            ]
            let first = try await conversations.record(turn, state: "{}", conversationID: id, userID: "alice")
            let replay = try await conversations.record(turn, state: "{}", conversationID: id, userID: "alice")
            #expect(replay == first && first.map(\.content) == ["add milk", "Added"])
            #expect(first[1].toolCalls == #"[{"a":1}]"#)
            let bobs = [NewMessage(conversationID: id, userID: "bob", role: "user", content: "x")]
            let missing = await #expect(throws: StorageError.self) {
                _ = try await conversations.record(bobs, state: "{}", conversationID: id, userID: "bob")
            }
            #expect(missing?.code == .notFound)
            #expect(try await conversations.messages(conversationID: id, userID: "alice", limit: 10).count == 2)
        }
    }

    @Test("settings are saved per user, replaced on save, and absent until saved", arguments: TestBackend.allCases)
    func settings(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let settings = db.stores.settings
            #expect(try await settings.settings(userID: "alice") == nil)
            _ = try await settings.save(UserSettings(userID: "alice", timeZone: "Europe/Paris", updatedAt: Date()))
            _ = try await settings.save(UserSettings(userID: "bob", timeZone: "Asia/Tokyo", updatedAt: Date()))
            _ = try await settings.save(UserSettings(userID: "alice", timeZone: nil, updatedAt: Date()))
            #expect(try await settings.settings(userID: "alice")?.timeZone == nil)
            #expect(try await settings.settings(userID: "alice") != nil)
            #expect(try await settings.settings(userID: "bob")?.timeZone == "Asia/Tokyo")
        }
    }
}
