import FoundationEssentials
import Glibc
import HTTPTypes
import Storage
import Testing

/// A fired reminder reaches the browser: reminder-fire → ws-fanout → ws-gateway → a real `websockets` client, then
/// ReminderDelivered (or ReminderFailed while nobody is connected), through `todofn up`.
@Suite("consumers: reminders delivered over the WebSocket through todofn up")
struct ConsumerDeliveryTests {
    static let triggered = "com.todo.reminder.triggered.v1"
    static let delivered = "com.todo.reminder.delivered.v1"
    static let failed = "com.todo.reminder.failed.v1"

    @Test("a reminder reaches the open socket once and is recorded delivered once", arguments: SliceBackend.allCases)
    func deliveredToOpenSocket(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let socket = try await LiveClient(stack: stack, user: "alice", directory: directory)
                let at = RFC3339Text.format(Date().addingTimeInterval(2))
                let created = try await stack.send(
                    .post, "/api/alice/tasks", token: try stack.token("alice"),
                    json: #"{"title":"call mum","reminders":[{"at":"\#(at)"}]}"#)
                try #require(created.status.code == 201, "\(String(decoding: created.body, as: UTF8.self))")
                let id = try await db.read { try $0.query("SELECT id FROM reminders", []).first?.string(0) ?? "" }
                #expect(
                    await socket.waitFor { _ in !socket.events(Self.triggered, about: id).isEmpty },
                    "the reminder reached the socket; log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                #expect(
                    try await waits.until(1, "SELECT count(*) FROM reminders WHERE status = 'delivered'") == 1,
                    "recorded delivered; log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                #expect(
                    try await waits.until(1, "SELECT count(*) FROM outbox WHERE event_type = $1", [.text(Self.delivered)]) == 1)
                // The ReminderTriggered that pub/sub brings ws-fanout as well is the same event: same seq, not sent again.
                #expect(
                    try await waits.until(
                        1, "SELECT count(*) FROM outbox WHERE event_type = $1 AND sent_at IS NOT NULL", [.text(Self.delivered)])
                        == 1)
                #expect(socket.events(Self.triggered, about: id).count == 1, "once: \(socket.lines)")
                #expect(try await waits.events(Self.failed) == 0)
                await socket.close()
                await db.close()
            }
        }
    }

    @Test("a reminder for a user with no open connection is ReminderFailed(willRetry), replayed on reconnect, then delivered")
    func waitsForReconnect() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let at = RFC3339Text.format(Date().addingTimeInterval(1))
                let created = try await stack.send(
                    .post, "/api/bob/tasks", token: try stack.token("bob"),
                    json: #"{"title":"water plants","reminders":[{"at":"\#(at)"}]}"#)
                try #require(created.status.code == 201)
                let id = try await db.read { try $0.query("SELECT id FROM reminders", []).first?.string(0) ?? "" }
                #expect(
                    try await waits.until(1, "SELECT count(*) FROM outbox WHERE event_type = $1", [.text(Self.failed)]) >= 1,
                    "attempt 1 failed; log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                let failure = try await db.read {
                    try $0.query("SELECT payload FROM outbox WHERE event_type = $1", [.text(Self.failed)]).first?.bytes(0) ?? []
                }
                let text = String(decoding: failure, as: UTF8.self)
                #expect(text.contains(#""willRetry":true"#) && text.contains("no open connection"), "\(text)")
                #expect(try await waits.count("SELECT count(*) FROM reminders WHERE status = 'fired'") == 1)
                // bob comes back: the replay from seq 0 carries the reminder, and the next attempt records it delivered.
                let socket = try await LiveClient(stack: stack, user: "bob", since: 0, directory: directory)
                #expect(await socket.waitFor { _ in !socket.events(Self.triggered, about: id).isEmpty }, "\(socket.lines)")
                #expect(
                    try await waits.until(1, "SELECT count(*) FROM reminders WHERE status = 'delivered'") == 1,
                    "log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                let delivery = try await db.read {
                    try $0.query("SELECT payload FROM outbox WHERE event_type = $1", [.text(Self.delivered)]).map {
                        String(decoding: try $0.bytes(0) ?? [], as: UTF8.self)
                    }
                }
                #expect(delivery.count == 1 && !delivery[0].contains(#""attempt":1,"#), "\(delivery)")
                #expect(socket.events(Self.triggered, about: id).count == 1, "once: \(socket.lines)")
                await socket.close()
                await db.close()
            }
        }
    }
}
