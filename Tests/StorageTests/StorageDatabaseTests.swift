import FoundationEssentials
import Storage
import Testing

@Suite("StorageDatabase")
struct StorageDatabaseTests {
    @Test("a wrong password and an unreachable server are typed storage errors")
    func connectionErrors() async throws {
        let wrong = TestBackend.serverURL.replacing("todofn:todofn@", with: "todofn:nope@")
        let auth = await #expect(throws: StorageError.self) { try await StorageDatabase.open(wrong, poolSize: 1) }
        #expect(auth?.code == .authentication)
        #expect(auth?.description.contains("password authentication failed") == true)
        let down = await #expect(throws: StorageError.self) {
            try await StorageDatabase.open("postgresql://todofn:todofn@127.0.0.1:1/todofn?connect_timeout=2", poolSize: 1)
        }
        #expect(down?.code == .unavailable)
    }

    @Test("a task write on a connection killed mid-way is retried whole and applied once")
    func retriesLostConnection() async throws {
        try await TestBackend.postgres.withDatabase(poolSize: 1) { db async throws in
            let tasks = db.stores.tasks
            let pid = try await db.database.transaction { try $0.query("SELECT pg_backend_pid()", [])[0].int(0) ?? 0 }
            let killer = try await StorageDatabase.open(TestBackend.serverURL, poolSize: 1)
            _ = try await killer.transaction { try $0.query("SELECT pg_terminate_backend($1::int4)", [.int(pid)]).count }
            await killer.close()
            let created = try await tasks.create(NewTask(userID: "alice", title: "survives")) { [message($0.userID, "c")] }
            #expect(created.created)
            #expect(try await db.count("tasks") == 1)
            #expect(try await db.count("outbox") == 1)
        }
    }
}

@Suite("TimeOrderedUUID")
struct TimeOrderedUUIDTests {
    @Test("makes version 7 UUIDs whose text sorts by time")
    func ordered() {
        let early = TimeOrderedUUID.make(at: Date(timeIntervalSince1970: 1_767_225_600))
        let late = TimeOrderedUUID.make(at: Date(timeIntervalSince1970: 1_767_225_600.002))
        #expect(early.uuidString.lowercased() < late.uuidString.lowercased())
        #expect(early.uuidString.lowercased().hasPrefix("019b76da-a800-7"))
        #expect(Set((0..<1000).map { _ in TimeOrderedUUID.make() }).count == 1000)
        #expect(
            ["8", "9", "a", "b"].contains(
                early.uuidString.lowercased()[early.uuidString.index(early.uuidString.startIndex, offsetBy: 19)]))
    }
}
