import FoundationEssentials
import Storage
import Testing

@Suite("Reminder and recurrence rule stores on both backends")
struct ReminderAndRuleStoreTests {
    @Test("a reminder is delivered once, and pending ones cancel with their task", arguments: TestBackend.allCases)
    func reminders(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let task = try await db.stores.tasks.create(NewTask(userID: "alice", title: "t")) { _ in [] }.task
            let reminders = db.stores.reminders
            let at = Date(timeIntervalSince1970: 1_767_230_000)
            let first = try await reminders.create(NewReminder(taskID: task.id, userID: "alice", triggerAt: at)) {
                [message($0.userID, "scheduled")]
            }
            #expect(first.jobName == "reminder-\(first.id.uuidString.lowercased())" && first.status == .pending)
            let second = try await reminders.create(
                NewReminder(taskID: task.id, userID: "alice", triggerAt: at.addingTimeInterval(60))
            ) { _ in [] }
            #expect(try await reminders.due(before: at.addingTimeInterval(1), limit: 10).map(\.id) == [first.id])
            let delivered = try await reminders.transition(id: first.id, from: [.pending], to: .delivered) {
                [message($0.userID, "delivered")]
            }
            #expect(delivered?.status == .delivered && delivered?.deliveredAt != nil)
            #expect(
                try await reminders.transition(id: first.id, from: [.pending], to: .delivered) { [message($0.userID, "twice")] }
                    == nil)
            #expect(try await db.count("outbox") == 2)
            let cancelled = try await reminders.cancelPending(taskID: task.id) { _ in [] }
            #expect(cancelled.map(\.id) == [second.id])
            #expect(try await reminders.list(taskID: task.id).map(\.status) == [.delivered, .cancelled])
            let orphan = await #expect(throws: StorageError.self) {
                try await reminders.create(NewReminder(taskID: UUID(), userID: "alice", triggerAt: at)) { _ in [] }
            }
            #expect(orphan?.code == .constraint)
            let missing = await #expect(throws: StorageError.self) {
                try await reminders.transition(id: UUID(), from: [.pending], to: .failed) { _ in [] }
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test("a rule counts each occurrence once and ends after its count", arguments: TestBackend.allCases)
    func rules(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let rules = db.stores.recurrenceRules
            let rule = try await rules.create(
                NewRecurrenceRule(userID: "alice", rrule: "FREQ=WEEKLY;BYDAY=MO", anchor: .completion, endAfterCount: 2))
            #expect(try await rules.get(id: rule.id, userID: "alice") == rule)
            #expect(try await rules.get(id: rule.id, userID: "bob") == nil)
            #expect(try await rules.recordOccurrence(id: rule.id, expectedOccurrences: 0)?.occurrencesGenerated == 1)
            #expect(try await rules.recordOccurrence(id: rule.id, expectedOccurrences: 0) == nil)
            let last = try await rules.recordOccurrence(id: rule.id, expectedOccurrences: 1)
            #expect(last?.occurrencesGenerated == 2 && last?.active == false)
            #expect(try await rules.setActive(id: rule.id, userID: "alice", active: true).active)
            let task = try await db.stores.tasks.create(NewTask(userID: "alice", title: "weekly", recurrenceRuleID: rule.id)) {
                _ in []
            }
            #expect(task.task.recurrenceRuleID == rule.id)
            let missing = await #expect(throws: StorageError.self) {
                try await rules.recordOccurrence(id: UUID(), expectedOccurrences: 0)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test("conversations keep their messages in order and to their owner", arguments: TestBackend.allCases)
    func conversations(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let store = db.stores.conversations
            let conversation = try await store.createConversation(id: UUID(), userID: "alice", title: nil)
            for index in 0..<5 {
                db.clock.advance(by: 1)
                _ = try await store.append(
                    NewMessage(
                        conversationID: conversation.id, userID: "alice", role: index.isMultiple(of: 2) ? "user" : "assistant",
                        content: "m\(index)", toolCalls: index == 1 ? #"[{"name":"add_task"}]"# : nil))
            }
            let last = try await store.messages(conversationID: conversation.id, userID: "alice", limit: 3)
            #expect(last.map(\.content) == ["m2", "m3", "m4"])
            #expect(try await store.messages(conversationID: conversation.id, userID: "alice", limit: 5)[1].toolCalls != nil)
            #expect(try await store.conversation(id: conversation.id, userID: "alice")?.updatedAt == db.clock.now())
            #expect(try await store.conversations(userID: "alice", limit: 10).map(\.id) == [conversation.id])
            #expect(try await store.messages(conversationID: conversation.id, userID: "bob", limit: 5).isEmpty)
            let intruder = await #expect(throws: StorageError.self) {
                try await store.append(NewMessage(conversationID: conversation.id, userID: "bob", role: "user", content: "hi"))
            }
            #expect(intruder?.code == .notFound)
        }
    }
}
