import FoundationEssentials
import HTTPTypes
import Testing
import TodoDomain

@Suite("task-crud: POST /internal/tasks creates each occurrence once")
struct InternalAPITests {
    static func body(rule: String, occurrence: Int, user: String = "alice") -> String {
        #"{"userId":"\#(user)","ruleId":"\#(rule)","occurrence":\#(occurrence),"task":{"title":"Water the plants","dueAt":"2030-01-02T08:00:00Z","reminders":[{"before":"PT15M"}]}}"#
    }

    @Test("a repeated call returns the same task (200) without a second task or event", arguments: Backend.allCases)
    func repeated(backend: Backend) async throws {
        try await backend.withAPI(appToken: "app-secret") { api in
            let headers: HTTPHeaders = ["dapr-api-token": "app-secret"]
            let first = try await api.call(
                .post, "/internal/tasks", as: nil, body: Self.body(rule: "r1", occurrence: 2), headers: headers)
            #expect(first.status == .created)
            let task = try first.decoded(TaskOut.self)
            #expect(task.reminders.count == 1)
            let events = try await api.events().count
            #expect(events == 2)
            for _ in 0..<3 {
                let again = try await api.call(
                    .post, "/internal/tasks", as: nil, body: Self.body(rule: "r1", occurrence: 2), headers: headers)
                #expect(again.status == .ok)
                let same = try again.decoded(TaskOut.self)
                #expect(same.id == task.id && same.reminders.map(\.id) == task.reminders.map(\.id))
            }
            #expect(try await api.count("tasks") == 1)
            #expect(try await api.count("reminders") == 1)
            #expect(try await api.events().count == events)
            let next = try await api.call(
                .post, "/internal/tasks", as: nil, body: Self.body(rule: "r1", occurrence: 3), headers: headers)
            #expect(next.status == .created)
            // Without the app token, and through the public path space, it is not reachable.
            #expect(
                try await api.call(.post, "/internal/tasks", as: nil, body: Self.body(rule: "r1", occurrence: 4)).status
                    == .unauthorized)
            #expect(try await api.call(.post, "/api/alice/internal/tasks", body: "{}").status.code >= 400)
            let other = try await api.call(
                .post, "/internal/tasks", as: nil, body: Self.body(rule: "r1", occurrence: 2, user: "bob"), headers: headers)
            #expect(other.status == .conflict)
            #expect(try await api.count("tasks") == 2)
        }
    }

    @Test("concurrent calls for one occurrence create exactly one task and one TaskCreated", arguments: Backend.allCases)
    func concurrent(backend: Backend) async throws {
        try await backend.withAPI { api in
            let statuses = try await withThrowingTaskGroup(of: (HTTPStatus, String).self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        let response = try await api.call(
                            .post, "/internal/tasks", as: nil, body: Self.body(rule: "r9", occurrence: 7))
                        return (response.status, try response.decoded(TaskOut.self).id)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == .created }.count == 1)
            #expect(statuses.filter { $0.0 == .ok }.count == 15)
            #expect(Set(statuses.map(\.1)).count == 1)
            #expect(try await api.count("tasks") == 1)
            let created = try await api.events().filter { if case .taskCreated = $0 { true } else { false } }
            #expect(created.count == 1)
        }
    }

    @Test("bad occurrence bodies are refused", arguments: Backend.allCases)
    func badBodies(backend: Backend) async throws {
        try await backend.withAPI { api in
            for body in [
                #"{"userId":"alice","ruleId":"r","occurrence":1}"#,
                #"{"userId":"alice","ruleId":"r","occurrence":0,"task":{"title":"x"}}"#,
                #"{"userId":"alice","ruleId":"r:1","occurrence":1,"task":{"title":"x"}}"#,
                #"{"userId":"alice","ruleId":"r","occurrence":"1","task":{"title":"x"}}"#,
                #"{"userId":"alice","ruleId":"r","occurrence":1,"task":{"title":"x"},"extra":1}"#,
                #"{"userId":"","ruleId":"r","occurrence":1,"task":{"title":"x"}}"#,
            ] {
                let response = try await api.call(.post, "/internal/tasks", as: nil, body: body)
                #expect(response.status == .badRequest, "\(body)")
                _ = try response.errorMessage()
            }
            #expect(try await api.count("tasks") == 0)
        }
    }
}
