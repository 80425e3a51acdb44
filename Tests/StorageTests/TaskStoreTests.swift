import FoundationEssentials
import Storage
import Testing
import TodoDomain

@Suite("TaskStore on both backends")
struct TaskStoreTests {
    @Test("creates a task and its outbox event in one transaction", arguments: TestBackend.allCases)
    func createWritesOutbox(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let due = Date(timeIntervalSince1970: 1_767_300_000.25)
            let new = NewTask(
                userID: "alice", title: "Buy milk", description: "2 litres", priority: .high, tags: ["home", "shop"],
                dueAt: due, timeZone: "Europe/Paris", remindAt: due.addingTimeInterval(-600))
            let created = try await db.stores.tasks.create(new) { [message($0.userID, "created \($0.title)")] }
            #expect(created.created)
            #expect(created.task.version == 1 && created.task.status == .pending)
            let fetched = try await db.stores.tasks.get(id: new.id, userID: "alice")
            #expect(fetched == created.task)
            #expect(fetched?.dueAt == due && fetched?.tags == ["home", "shop"])
            #expect(try await db.stores.tasks.get(id: new.id, userID: "bob") == nil)
            let outbox = try await db.stores.outbox.unsent(limit: 10)
            #expect(outbox.map(\.message.payload) == [Array("created Buy milk".utf8)])
        }
    }

    @Test(
        "tags with quotes, backslashes, control characters and non-ASCII round-trip and filter", arguments: TestBackend.allCases)
    func awkwardTags(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let tags = ["say \"hi\"", "back\\slash", "line\nbreak\ttab", "bell\u{07}", "a/b", "café ☕", ""]
            let created = try await db.stores.tasks.create(NewTask(userID: "alice", title: "t", tags: tags)) { _ in [] }
            #expect(try await db.stores.tasks.get(id: created.task.id, userID: "alice")?.tags == tags)
            for tag in tags {
                let page = try await db.stores.tasks.list(TaskFilter(userID: "alice", tag: tag))
                #expect(page.tasks.map(\.id) == [created.task.id], "tag \(tag)")
            }
            #expect(try await db.stores.tasks.list(TaskFilter(userID: "alice", tag: "say")).tasks.isEmpty)
        }
    }

    @Test("on PostgreSQL a replayed create with both its task and event stored reports success and adds nothing")
    func replayedCreate() async throws {
        // What a retry sees after a commit whose answer was lost with the connection.
        try await TestBackend.postgres.withDatabase { db in
            let id = UUID()
            let eventID = UUID()
            let first = try await db.stores.tasks.create(NewTask(id: id, userID: "alice", title: "once")) {
                [message($0.userID, "a", id: eventID)]
            }
            let replay = try await db.stores.tasks.create(NewTask(id: id, userID: "alice", title: "once")) {
                [message($0.userID, "a", id: eventID)]
            }
            #expect(first.created && replay.created)
            #expect(try await db.count("tasks") == 1)
            #expect(try await db.count("outbox") == 1)
            let otherEvent = await #expect(throws: StorageError.self) {
                try await db.stores.tasks.create(NewTask(id: id, userID: "alice", title: "once")) {
                    [message($0.userID, "a", id: UUID())]
                }
            }
            #expect(otherEvent?.code == .duplicate)
        }
    }

    @Test("a failure while making the events leaves neither task nor event", arguments: TestBackend.allCases)
    func atomicity(backend: TestBackend) async throws {
        struct EncodingFailed: Error {}
        try await backend.withDatabase { db in
            await #expect(throws: EncodingFailed.self) {
                try await db.stores.tasks.create(NewTask(userID: "alice", title: "x")) { _ in throw EncodingFailed() }
            }
            let id = UUID()
            let outboxID = UUID()
            _ = try await db.stores.tasks.create(NewTask(id: id, userID: "alice", title: "first")) {
                [message($0.userID, "a", id: outboxID)]
            }
            let error = await #expect(throws: StorageError.self) {
                try await db.stores.tasks.create(NewTask(userID: "alice", title: "second")) {
                    [message($0.userID, "b", id: outboxID)]
                }
            }
            #expect(error?.code == .duplicate)
            #expect(try await db.count("tasks") == 1)
            #expect(try await db.count("outbox") == 1)
        }
    }

    @Test("a generation key makes a second create return the first task", arguments: TestBackend.allCases)
    func generationKey(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let first = try await db.stores.tasks.create(NewTask(userID: "alice", title: "weekly", generationKey: "rule:2")) {
                [message($0.userID, "gen")]
            }
            let second = try await db.stores.tasks.create(NewTask(userID: "alice", title: "weekly", generationKey: "rule:2")) {
                [message($0.userID, "gen")]
            }
            #expect(first.created && !second.created)
            #expect(second.task.id == first.task.id)
            #expect(try await db.count("outbox") == 1)
        }
    }

    @Test("updates check the version and bump it", arguments: TestBackend.allCases)
    func optimisticUpdate(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let tasks = db.stores.tasks
            let task = try await tasks.create(NewTask(userID: "alice", title: "draft", description: "d")) { _ in [] }.task
            db.clock.advance(by: 60)
            let updated = try await tasks.update(
                id: task.id, userID: "alice", expectedVersion: 1,
                changes: TaskChanges(title: "final", description: .some(nil), tags: ["x"])
            ) { [message($0.userID, "updated")] }
            #expect(updated.title == "final" && updated.description == nil && updated.tags == ["x"])
            #expect(updated.version == 2 && updated.updatedAt == task.updatedAt.addingTimeInterval(60))
            let stale = await #expect(throws: StorageError.self) {
                try await tasks.update(id: task.id, userID: "alice", expectedVersion: 1, changes: TaskChanges(title: "lost")) {
                    _ in []
                }
            }
            #expect(stale?.code == .versionConflict)
            let missing = await #expect(throws: StorageError.self) {
                try await tasks.update(id: task.id, userID: "bob", expectedVersion: nil, changes: TaskChanges(title: "x")) { _ in
                    []
                }
            }
            #expect(missing?.code == .notFound)
            #expect(try await tasks.get(id: task.id, userID: "alice") == updated)
            #expect(try await db.count("outbox") == 1)
        }
    }

    @Test("completion toggles and deletion is soft", arguments: TestBackend.allCases)
    func completeAndDelete(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let tasks = db.stores.tasks
            let task = try await tasks.create(NewTask(userID: "alice", title: "t")) { _ in [] }.task
            let done = try await tasks.setCompleted(id: task.id, userID: "alice", completed: true, expectedVersion: 1) { _ in [] }
            #expect(done.status == .completed && done.completedAt != nil && done.version == 2)
            let undone = try await tasks.setCompleted(id: task.id, userID: "alice", completed: false, expectedVersion: 2) { _ in
                []
            }
            #expect(undone.status == .pending && undone.completedAt == nil && undone.version == 3)
            let deleted = try await tasks.delete(id: task.id, userID: "alice", expectedVersion: 3) {
                [message($0.userID, "deleted")]
            }
            #expect(deleted.status == .deleted)
            #expect(try await tasks.get(id: task.id, userID: "alice")?.status == .deleted)
            let again = await #expect(throws: StorageError.self) {
                try await tasks.delete(id: task.id, userID: "alice", expectedVersion: nil) { _ in [] }
            }
            #expect(again?.code == .notFound)
            #expect(try await tasks.list(TaskFilter(userID: "alice")).tasks.isEmpty)
        }
    }

    @Test("lists with filters and a cursor", arguments: TestBackend.allCases)
    func listing(backend: TestBackend) async throws {
        try await backend.withDatabase { db in
            let tasks = db.stores.tasks
            let base = Date(timeIntervalSince1970: 1_767_400_000)
            for index in 0..<7 {
                db.clock.advance(by: 1)
                _ = try await tasks.create(
                    NewTask(
                        userID: "alice", title: index == 3 ? "Call MUM" : "task \(index)",
                        priority: index.isMultiple(of: 2) ? .high : .low,
                        tags: index < 2 ? ["work"] : ["home"], dueAt: base.addingTimeInterval(Double(index) * 3600))
                ) { _ in [] }
            }
            _ = try await tasks.create(NewTask(userID: "bob", title: "not alice's")) { _ in [] }
            var titles: [String] = []
            var cursor: String?
            repeat {
                let page = try await tasks.list(TaskFilter(userID: "alice", limit: 3, cursor: cursor))
                titles += page.tasks.map(\.title)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(titles == ["task 0", "task 1", "task 2", "Call MUM", "task 4", "task 5", "task 6"])
            #expect(try await tasks.list(TaskFilter(userID: "alice", tag: "work")).tasks.map(\.title) == ["task 0", "task 1"])
            #expect(try await tasks.list(TaskFilter(userID: "alice", priority: .low)).tasks.count == 3)
            #expect(try await tasks.list(TaskFilter(userID: "alice", search: "mum")).tasks.map(\.title) == ["Call MUM"])
            let window = TaskFilter(
                userID: "alice", dueFrom: base.addingTimeInterval(3600), dueBefore: base.addingTimeInterval(3 * 3600))
            #expect(try await tasks.list(window).tasks.map(\.title) == ["task 1", "task 2"])
            let bad = await #expect(throws: StorageError.self) {
                try await tasks.list(TaskFilter(userID: "alice", cursor: "nope"))
            }
            #expect(bad?.code == .invalidInput)
        }
    }
}
