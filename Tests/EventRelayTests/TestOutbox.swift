import CloudEvents
import FoundationEssentials
import Glibc
import Storage

/// A real SQLite outbox in a temporary file, and outbox messages that carry real CloudEvents.
enum TestOutbox {
    /// Runs `body` with a migrated outbox; removes the files afterwards.
    static func with(_ body: (any OutboxStore) async throws -> Void) async throws {
        let path = "/tmp/relay-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { _ = (path + suffix).withCString { Glibc.unlink($0) } } }
        let database = try await StorageDatabase.open(path)
        try await Migrator(database: database).migrate()
        do {
            try await body(Stores(database: database).outbox)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    /// A TaskCreated-like event of `user`, numbered `number`, as the outbox stores it.
    static func message(_ user: String, _ number: Int, topic: String = "task-events") throws -> OutboxMessage {
        let data =
            #"{"taskId":"\#(UUID().uuidString)","title":"Tâche \#(number) <b>&</b> \u00e9","n":\#(number),"tags":["a","b"],"done":false,"due":null}"#
        let event = CloudEvent(
            id: UUID().uuidString.lowercased(), source: "/task-crud", type: "com.todo.task.created.v1",
            datacontenttype: "application/json", subject: "tasks/\(number)", time: "2026-11-26T11:00:00.123Z",
            extensions: ["partitionkey": .string(user), "sequence": .integer(Int32(number))],
            data: try .json(bytes: Array(data.utf8)))
        return try OutboxMessage(event, topic: topic)
    }
}
