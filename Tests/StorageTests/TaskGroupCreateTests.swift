import FoundationEssentials
import Testing

@testable import Storage

@Suite("Group commit of task creates on PostgreSQL")
struct TaskGroupCreateTests {
    /// A create as the store would queue it: the task stored at the clock's time, with one event.
    private static func grouped(_ store: SQLTaskStore, _ new: NewTask, event: UUID = UUID(), at now: Date)
        -> GroupedCreate
    {
        let task = store.record(new, at: now)
        return GroupedCreate(task: task, binds: SQLTaskStore.binds(task), message: message(new.userID, new.title, id: event))
    }

    @Test("one statement stores a batch's tasks and events in order; generation keys return the stored task")
    func batch() async throws {
        try await TestBackend.postgres.withDatabase { db in
            let store = SQLTaskStore(database: db.database, now: db.clock.now, grouped: false)
            let earlier = try await store.create(NewTask(userID: "bob", title: "earlier", generationKey: "rule:0")) {
                [message($0.userID, "earlier")]
            }
            let now = db.clock.now()
            let news = [
                NewTask(userID: "alice", title: "a"), NewTask(userID: "alice", title: "b", generationKey: "rule:1"),
                NewTask(userID: "bob", title: "c", generationKey: "rule:1"),
                NewTask(userID: "bob", title: "d", generationKey: "rule:0"), NewTask(userID: "alice", title: "e"),
            ]
            let results = await store.createGroup(news.map { Self.grouped(store, $0, at: now) })
            let creations = try results.map { try $0.get() }
            #expect(creations.map(\.created) == [true, true, false, false, true])
            #expect(creations.map(\.task.title) == ["a", "b", "b", "earlier", "e"])
            #expect(creations[2].task.id == news[1].id && creations[3].task == earlier.task)
            #expect(try await db.count("tasks") == 4)
            let events = try await db.stores.outbox.unsent(limit: 10).map { String(decoding: $0.message.payload, as: UTF8.self) }
            #expect(events == ["earlier", "a", "b", "e"])
            for title in ["a", "b", "e"] {
                let task = try #require(creations.first { $0.task.title == title }?.task)
                #expect(try await store.get(id: task.id, userID: "alice") == task)
            }
        }
    }

    @Test("a batch with a bad create runs each create alone: the others are stored, the bad one fails alone")
    func fallback() async throws {
        try await TestBackend.postgres.withDatabase { db in
            let store = SQLTaskStore(database: db.database, now: db.clock.now, grouped: false)
            let taken = UUID()
            let replayed = (task: UUID(), event: UUID())
            _ = try await store.create(NewTask(id: taken, userID: "alice", title: "taken")) { [message($0.userID, "taken")] }
            _ = try await store.create(NewTask(id: replayed.task, userID: "alice", title: "replayed")) {
                [message($0.userID, "replayed", id: replayed.event)]
            }
            let now = db.clock.now()
            let batch = [
                Self.grouped(store, NewTask(userID: "alice", title: "first"), at: now),
                Self.grouped(store, NewTask(id: taken, userID: "alice", title: "again"), at: now),
                Self.grouped(
                    store, NewTask(id: replayed.task, userID: "alice", title: "replayed"), event: replayed.event, at: now),
                Self.grouped(store, NewTask(userID: "alice", title: "last"), at: now),
            ]
            let results = await store.createGroup(batch)
            #expect((try? results[0].get())?.created == true)
            #expect(throws: StorageError.self) { try results[1].get() }
            // A create whose task and event are both stored (a batch that committed before its answer was lost).
            #expect((try? results[2].get())?.created == true)
            #expect((try? results[3].get())?.created == true)
            #expect(try await db.count("tasks") == 4)
            let events = try await db.stores.outbox.unsent(limit: 10).map { String(decoding: $0.message.payload, as: UTF8.self) }
            #expect(events == ["taken", "replayed", "first", "last"])
        }
    }

    @Test("concurrent creates through one store are all stored, each with its one event")
    func concurrent() async throws {
        try await TestBackend.postgres.withDatabase(poolSize: 2) { db in
            let tasks = db.stores.tasks
            let created = try await withThrowingTaskGroup(of: TaskCreation.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let user = "user\(index % 4)"
                        let key = index % 10 == 0 ? "rule:\(index % 20)" : nil
                        return try await tasks.create(NewTask(userID: user, title: "t\(index)", generationKey: key)) {
                            [message($0.userID, $0.title)]
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(created.count == 200)
            // Keys rule:0 and rule:10 each came ten times: one create each, the rest returned that task.
            #expect(created.filter(\.created).count == 182)
            #expect(Set(created.map(\.task.id)).count == 182)
            #expect(try await db.count("tasks") == 182)
            #expect(try await db.count("outbox") == 182)
            let orphans = try await db.database.read {
                try $0.query(
                    "SELECT count(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.payload = convert_to(t.title, 'UTF8'))",
                    [])[0].int(0)
            }
            #expect(orphans == 0)
        }
    }
}
