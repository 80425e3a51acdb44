import FoundationEssentials
import Testing
import TodoDomain

@testable import Storage

/// Issue 13: a chat turn commits in the transaction of the task change it asked for: both or neither.
@Suite("A task change and its companion write (the chat turn) commit together or not at all")
struct TaskChangeCompanionTests {
    /// A companion that writes `content` as a user/assistant turn of `conversation` owned by `owner`.
    private func turn(_ conversation: UUID, owner: String, _ content: String) -> TaskChangeCompanion {
        TaskChangeCompanion { task, now, executor in
            try SQLConversationStore.write(
                [
                    NewMessage(conversationID: conversation, userID: owner, role: "user", content: content),
                    NewMessage(
                        conversationID: conversation, userID: owner, role: "assistant", content: "Added \(task.title)",
                        toolCalls: #"[{"taskId":"\#(task.id.uuidString.lowercased())"}]"#),
                ], state: #"{"turn":"\#(content)"}"#, conversationID: conversation, userID: owner, at: now, into: executor)
        }
    }

    @Test(
        "a create and its turn commit together: the task, its event, both messages and the state", arguments: TestBackend.allCases
    )
    func together(backend: TestBackend) async throws {
        try await backend.withDatabase { db async throws in
            let conversation = UUID()
            _ = try await db.stores.conversations.createConversation(id: conversation, userID: "alice", title: nil)
            let new = NewTask(userID: "alice", title: "Buy milk")
            let companion = turn(conversation, owner: "alice", "add buy milk")
            let created = try await TaskChangeCompanion.$current.withValue(companion) {
                try await db.stores.tasks.create(new) { _ in [message("alice", "created")] }
            }
            #expect(created.created && companion.committed)
            #expect(try await db.count("tasks") == 1)
            #expect(try await db.count("outbox") == 1)
            let messages = try await db.stores.conversations.messages(conversationID: conversation, userID: "alice", limit: 10)
            #expect(messages.map(\.role) == ["user", "assistant"] && messages[1].content == "Added Buy milk")
            #expect(messages[1].toolCalls?.contains(new.id.uuidString.lowercased()) == true)
            let stored = try await db.stores.conversations.conversation(id: conversation, userID: "alice")
            #expect(stored?.state == #"{"turn":"add buy milk"}"#)
            // One change takes the companion: a second create in the same scope writes no second turn.
            let second = try await TaskChangeCompanion.$current.withValue(companion) {
                try await db.stores.tasks.create(NewTask(userID: "alice", title: "Other")) { _ in [message("alice", "2")] }
            }
            #expect(second.created)
            #expect(try await db.count("messages") == 2)
        }
    }

    @Test("a turn that fails after the task's insert leaves neither task, event nor turn", arguments: TestBackend.allCases)
    func turnFails(backend: TestBackend) async throws {
        try await backend.withDatabase { db async throws in
            let conversation = UUID()
            _ = try await db.stores.conversations.createConversation(id: conversation, userID: "alice", title: nil)
            // Bob does not own the conversation: the turn's write fails after the task and its event were written.
            for companion in [turn(conversation, owner: "bob", "add milk"), turn(UUID(), owner: "alice", "add milk")] {
                await #expect(throws: StorageError.self) {
                    try await TaskChangeCompanion.$current.withValue(companion) {
                        try await db.stores.tasks.create(NewTask(userID: "alice", title: "Milk")) { _ in [message("alice", "x")] }
                    }
                }
                #expect(!companion.committed)
            }
            // A write that throws on its own, after the task with rule, reminder and events were written.
            let failing = TaskChangeCompanion { _, _, _ in throw StorageError(.database, message: "injected") }
            let new = NewTask(userID: "alice", title: "Series")
            await #expect(throws: StorageError.self) {
                try await TaskChangeCompanion.$current.withValue(failing) {
                    try await db.stores.tasks.create(
                        new, rule: nil,
                        reminders: [NewReminder(taskID: new.id, userID: "alice", triggerAt: Date(timeIntervalSince1970: 2e9))]
                    ) { _ in [message("alice", "created"), message("alice", "scheduled")] }
                }
            }
            for table in ["tasks", "outbox", "reminders", "messages"] { #expect(try await db.count(table) == 0) }
            #expect(try await db.stores.conversations.conversation(id: conversation, userID: "alice")?.state == nil)
        }
    }

    @Test("a change that fails leaves no turn, and a failed turn leaves the task unchanged", arguments: TestBackend.allCases)
    func changeFails(backend: TestBackend) async throws {
        try await backend.withDatabase { db async throws in
            let conversation = UUID()
            _ = try await db.stores.conversations.createConversation(id: conversation, userID: "alice", title: nil)
            let new = NewTask(userID: "alice", title: "Once")
            _ = try await db.stores.tasks.create(new) { _ in [message("alice", "created")] }
            // The task's insert fails (its id exists): the turn is not written.
            let duplicate = turn(conversation, owner: "alice", "add once again")
            await #expect(throws: StorageError.self) {
                try await TaskChangeCompanion.$current.withValue(duplicate) {
                    try await db.stores.tasks.create(new) { _ in [message("alice", "again")] }
                }
            }
            // A completion whose turn fails: the task stays pending, no event.
            let broken = turn(UUID(), owner: "alice", "done once")
            await #expect(throws: StorageError.self) {
                try await TaskChangeCompanion.$current.withValue(broken) {
                    try await db.stores.tasks.toggleCompleted(id: new.id, userID: "alice", expectedVersion: nil) { _, _ in
                        [message("alice", "completed")]
                    }
                }
            }
            #expect(try await db.stores.tasks.get(id: new.id, userID: "alice")?.status == .pending)
            #expect(try await db.count("outbox") == 1)
            #expect(try await db.count("messages") == 0)
            // The same completion with a good turn commits both.
            let done = turn(conversation, owner: "alice", "done once")
            _ = try await TaskChangeCompanion.$current.withValue(done) {
                try await db.stores.tasks.toggleCompleted(id: new.id, userID: "alice", expectedVersion: nil) { _, _ in
                    [message("alice", "completed")]
                }
            }
            #expect(done.committed)
            #expect(try await db.stores.tasks.get(id: new.id, userID: "alice")?.status == .completed)
            #expect(try await db.count("outbox") == 2)
            #expect(try await db.count("messages") == 2)
        }
    }
}
