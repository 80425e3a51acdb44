import FoundationEssentials
import HTTPTypes
import Testing

@Suite("task-crud: bad input is a 4xx JSON error, nothing written, no event")
struct BadInputAPITests {
    static let title100KB = String(repeating: "x", count: 100 * 1024)
    static let tooMany = "[" + Array(repeating: #"{"before":"PT1M"}"#, count: 21).joined(separator: ",") + "]"

    static let bodies: [(String, String)] = [
        (#"{"title":"a","remindAt":"2030-01-01T00:00:00Z"}"#, "unknown field"),
        (#"{"title":42}"#, "title"),
        (#"{"title":"\#(title100KB)"}"#, "longer than 200"),
        (#"{"title":"a","reminders":[{"before":"PT30M"}]}"#, "needs a task with a dueAt"),
        (#"{"title":"a","dueAt":"2030-01-01T00:00:00Z","reminders":[{"before":"P1M"}]}"#, "months"),
        (#"{"title":"a","dueAt":"2030-01-01T00:00:00Z","reminders":[{"before":"PT"}]}"#, "ISO 8601 duration"),
        (#"{"title":"a","dueAt":"2030-01-01T00:00:00Z","reminders":[{"before":"-PT5M"}]}"#, "ISO 8601 duration"),
        (#"{"title":"a","dueAt":"2030-01-01T00:00:00Z","reminders":[{"before":"30 minutes"}]}"#, "ISO 8601 duration"),
        (#"{"title":"a","dueAt":"2030-01-01T00:00:00Z","reminders":[{"before":"PT1.5H"}]}"#, "ISO 8601 duration"),
        (#"{"title":"a","dueAt":"2030-01-01T00:00:00Z","reminders":[{"before":"P400D"}]}"#, "366 days"),
        (#"{"title":"a","reminders":[{"at":"2030-01-01T00:00:00Z","before":"PT1M"}]}"#, "exactly one"),
        (#"{"title":"a","reminders":[{}]}"#, "exactly one"),
        (#"{"title":"a","reminders":[{"at":"tomorrow"}]}"#, "at"),
        (#"{"title":"a","reminders":[{"at":"2030-01-01T00:00:00Z","snooze":true}]}"#, "unknown reminder field"),
        (#"{"title":"a","reminders":{"at":"2030-01-01T00:00:00Z"}}"#, "reminders"),
        (#"{"title":"a","reminders":null}"#, "must not be null"),
        (#"{"title":"a","dueAt":"2030-01-01T00:00:00Z","reminders":\#(tooMany)}"#, "at most 20"),
    ]

    @Test("bad task bodies are refused with a message and leave no row and no event", arguments: Backend.allCases)
    func createRefused(backend: Backend) async throws {
        try await backend.withAPI { api in
            for (body, message) in Self.bodies {
                let response = try await api.call(.post, "/api/alice/tasks", body: body)
                #expect(response.status == .badRequest, "\(body.prefix(80))")
                #expect(response.headers["Content-Type"] == "application/json")
                let text = try response.errorMessage()
                #expect(text.contains(message), "\(body.prefix(80)): \(text)")
            }
            #expect(try await api.count("tasks") == 0)
            #expect(try await api.count("reminders") == 0)
            #expect(try await api.count("outbox") == 0)
        }
    }

    @Test("bad changes and reminder bodies are refused; the 21st pending reminder too", arguments: Backend.allCases)
    func changesRefused(backend: Backend) async throws {
        try await backend.withAPI { api in
            let twenty = "[" + Array(repeating: #"{"before":"PT1M"}"#, count: 20).joined(separator: ",") + "]"
            let task = try await api.create(#"{"title":"full","dueAt":"2030-01-01T00:00:00Z","reminders":\#(twenty)}"#)
            let rows = (try await api.count("reminders"), try await api.count("outbox"))
            for (method, path, body) in [
                (HTTPMethod.post, "/reminders", #"{"before":"PT2M"}"#),
                (.post, "/reminders", #"{"before":"PT2M","at":"2030-01-01T00:00:00Z"}"#),
                (.post, "/reminders", #"{"at":5}"#),
                (.post, "/reminders", "[]"),
                (.patch, "", #"{"reminders":\#(Self.tooMany)}"#),
                (.patch, "", #"{"reminders":[{"before":"P1Y"}]}"#),
                (.patch, "", #"{"title":""}"#),
                (.put, "", #"{"priority":"urgent","title":"x"}"#),
            ] as [(HTTPMethod, String, String)] {
                let response = try await api.call(method, "/api/alice/tasks/\(task.id)\(path)", body: body)
                #expect(response.status == .badRequest, "\(method) \(path) \(body.prefix(60))")
                _ = try response.errorMessage()
            }
            #expect(try await api.count("reminders") == rows.0)
            #expect(try await api.count("outbox") == rows.1)
            let sorted = try await api.call(.get, "/api/alice/tasks?sort=colour")
            #expect(sorted.status == .badRequest)
            #expect(try await api.call(.get, "/api/alice/tasks?order=up").status == .badRequest)
            #expect(try await api.call(.get, "/api/alice/tasks?cursor=bm90LWEtY3Vyc29y").status == .badRequest)
        }
    }
}
