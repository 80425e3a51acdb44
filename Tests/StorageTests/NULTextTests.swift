import FoundationEssentials
import Storage
import Testing

/// Text with a NUL is refused by both backends instead of being cut at the NUL (libpq sends text as C strings,
/// so PostgreSQL stored and searched the part before it; issue 11: `q=%00` became an empty search).
@Suite("Text with a NUL on both backends")
struct NULTextTests {
    @Test("a task title with a NUL is refused as invalid input and nothing is stored", arguments: TestBackend.allCases)
    func titleWithNUL(backend: TestBackend) async throws {
        try await backend.withDatabase { (db: TestDatabase) async throws in
            let error = await #expect(throws: StorageError.self) {
                _ = try await db.stores.tasks.create(NewTask(userID: "alice", title: "a\u{0}b")) { _ in [] }
            }
            #expect(error?.code == .invalidInput)
            #expect(try await db.count("tasks") == 0)
        }
    }

    @Test(
        "a search or tag filter with a NUL is refused as invalid input, not run as a shorter one", arguments: TestBackend.allCases
    )
    func searchWithNUL(backend: TestBackend) async throws {
        try await backend.withDatabase { (db: TestDatabase) async throws in
            _ = try await db.stores.tasks.create(NewTask(userID: "alice", title: "visible")) { _ in [] }
            for filter in [TaskFilter(userID: "alice", search: "\u{0}"), TaskFilter(userID: "alice", tag: "x\u{0}")] {
                let error = await #expect(throws: StorageError.self) { _ = try await db.stores.tasks.list(filter) }
                #expect(error?.code == .invalidInput)
            }
        }
    }
}
