import FoundationEssentials
import Testing
import TodoDomain

@Suite struct TodoTaskTests {
    @Test("a task round-trips through the payload coders with millisecond dates")
    func roundTrip() throws {
        var task = TodoEventSamples.task
        task.updatedAt = Date(timeIntervalSince1970: 1_795_165_200.123)
        task.dueAt = nil
        task.recurrence = nil
        let data = try TodoJSON.encoder().encode(task)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""updatedAt":"2026-11-20T09:00:00.123Z""#))
        #expect(!text.contains("dueAt"))
        #expect(try TodoJSON.decoder().decode(TodoTask.self, from: data) == task)
    }

    @Test("unknown status and priority values pass through")
    func unknownValues() throws {
        let json =
            #"{"id":"t","userId":"u","title":"x","status":"archived","priority":"urgent","tags":[],"createdAt":"2026-11-20T09:00:00Z","updatedAt":"2026-11-20T09:00:00+01:00","version":1}"#
        let task = try TodoJSON.decoder().decode(TodoTask.self, from: Data(json.utf8))
        #expect(task.status.rawValue == "archived")
        #expect(task.priority == TaskPriority(rawValue: "urgent"))
        #expect(task.updatedAt == Date(timeIntervalSince1970: 1_795_161_600))
    }

    @Test("a date that is not RFC 3339 fails to decode")
    func badDate() {
        let json =
            #"{"id":"t","userId":"u","title":"x","status":"pending","priority":"none","tags":[],"createdAt":"yesterday","updatedAt":"2026-11-20T09:00:00Z","version":1}"#
        #expect(throws: DecodingError.self) { try TodoJSON.decoder().decode(TodoTask.self, from: Data(json.utf8)) }
    }
}
