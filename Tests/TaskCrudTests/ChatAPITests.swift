import Authentication
import Crypto
import FoundationEssentials
import HTTPTypes
import Schedules
import Storage
import Testing
import TodoDomain

@Suite("task-crud: the chat endpoint over real stores")
struct ChatAPITests {
    /// A chat answer as the API returns it.
    struct Reply: Decodable {
        struct Call: Decodable {
            struct Args: Decodable {
                var task_id: String?
                var title: String?
                var dueAt: Date?
                var timeZone: String?
                var status: String?
            }
            struct Result: Decodable {
                struct Listed: Decodable { var id: String }
                var task_id: String?
                var status: String?
                var tasks: [Listed]?
                var error: String?
            }
            var tool: String
            var args: Args
            var result: Result?
        }
        var conversation_id: String
        var response: String
        var tool_calls: [Call]
    }

    /// Sends one chat message as `user` (to `path`'s user, default the same) and returns the response.
    static func send(
        _ api: TaskAPI, _ message: String, conversation: String? = nil, as user: String = "alice", path: String? = nil,
        zone: String? = "Europe/Paris"
    ) async throws -> HTTPResponse {
        var body = #"{"message":"\#(message)""#
        if let conversation { body += #","conversation_id":"\#(conversation)""# }
        body += "}"
        var headers: HTTPHeaders = [:]
        if let zone { headers["X-Timezone"] = zone }
        return try await api.call(.post, "/api/\(path ?? user)/chat", as: user, body: body, headers: headers)
    }

    /// Sends a message that must succeed and decodes the answer.
    static func chat(_ api: TaskAPI, _ message: String, conversation: String? = nil, zone: String? = "Europe/Paris")
        async throws -> Reply
    {
        let response = try await send(api, message, conversation: conversation, zone: zone)
        try #require(response.status == .ok, "\(message): \(response.status) \(response.text)")
        return try response.decoded(Reply.self)
    }

    static func kinds(_ events: [TodoEvent]) -> [String] {
        events.map { event in
            switch event {
            case .taskCreated: "created"
            case .taskUpdated: "updated"
            case .taskCompleted: "completed"
            case .taskDeleted: "deleted"
            case .reminderScheduled: "reminderScheduled"
            case .reminderCancelled: "reminderCancelled"
            default: "other"
            }
        }
    }

    @Test(
        "a conversation persists across calls and a restart: adds, a numbered list, a completion by number",
        arguments: Backend.allCases)
    func conversation(backend: Backend) async throws {
        try await backend.withAPI { api in
            let first = try await Self.chat(api, "add buy milk tomorrow at 5pm #home !high remind me 30 minutes before")
            let id = first.conversation_id
            #expect(first.tool_calls.map(\.tool) == ["add_task"])
            #expect(first.tool_calls[0].result?.status == "created")
            #expect(first.response.hasPrefix("Added \u{201C}Buy milk\u{201D}: due tomorrow at 5 PM, high priority, #home"))
            #expect(first.tool_calls[0].args.timeZone == "Europe/Paris")
            let second = try await Self.chat(api, "add call the dentist tomorrow at 8am", conversation: id)
            #expect(second.conversation_id == id)
            let created = try await ListAPITests.pages(api, "sort=created", limit: 10)
            #expect(created.map(\.title) == ["Buy milk", "Call the dentist"])
            #expect(created[0].priority == "high" && created[0].reminders.map(\.before) == ["PT30M"])
            #expect(first.tool_calls[0].result?.task_id == created[0].id)
            // The same events as the REST API writes: TaskCreated (+ ReminderScheduled for the reminder).
            #expect(Self.kinds(try await api.events()) == ["created", "reminderScheduled", "created"])

            let list = try await Self.chat(api, "what's due tomorrow", conversation: id)
            #expect(list.tool_calls.map(\.tool) == ["list_tasks"])
            #expect(list.tool_calls[0].result?.tasks?.map(\.id) == [created[1].id, created[0].id])
            #expect(
                list.response.contains("1. \u{201C}Call the dentist\u{201D}")
                    && list.response.contains("2. \u{201C}Buy milk\u{201D}"))

            // A new handler over the same database (a restart) still knows the list's numbers.
            let restarted = TaskAPI(database: api.database, appToken: nil)
            let done = try await Self.chat(restarted, "complete 2", conversation: id)
            #expect(done.tool_calls.map(\.tool) == ["complete_task"])
            #expect(done.tool_calls[0].args.task_id == created[0].id && done.tool_calls[0].result?.status == "completed")
            let shown = try await api.call(.get, "/api/alice/tasks/\(created[0].id)").decoded(TaskOut.self)
            #expect(shown.status == "completed")
            #expect(Self.kinds(try await api.events()).suffix(1) == ["completed"])
            #expect(try await api.count("messages") == 8)
            #expect(try await api.count("conversations") == 1)
        }
    }

    @Test("two matching tasks: the chat asks and changes nothing; the answer deletes the one chosen", arguments: Backend.allCases)
    func ambiguity(backend: Backend) async throws {
        try await backend.withAPI { api in
            let milk = try await api.create(#"{"title":"Buy milk"}"#)
            let mum = try await api.create(#"{"title":"Buy milk for mum"}"#)
            let events = try await api.events().count
            let question = try await Self.chat(api, "delete milk")
            #expect(question.tool_calls.isEmpty && question.response.contains("Which one should I delete?"))
            #expect(try await api.events().count == events)
            #expect(try await ListAPITests.pages(api, "").count == 2)
            let answer = try await Self.chat(api, "2", conversation: question.conversation_id)
            #expect(answer.tool_calls.map(\.tool) == ["delete_task"] && answer.tool_calls[0].args.task_id == mum.id)
            #expect(try await ListAPITests.pages(api, "").map(\.id) == [milk.id])
            #expect(Self.kinds(try await api.events()).suffix(1) == ["deleted"])
            let typo = try await Self.chat(api, "rename by milk to buy oat milk", conversation: question.conversation_id)
            #expect(typo.tool_calls.map(\.tool) == ["update_task"] && typo.tool_calls[0].result?.status == "updated")
            #expect(try await ListAPITests.pages(api, "").map(\.title) == ["Buy oat milk"])
        }
    }

    @Test("another user's path is 403, another user's conversation 404, no or an expired token 401", arguments: Backend.allCases)
    func isolation(backend: Backend) async throws {
        try await backend.withAPI { api in
            let mine = try await Self.chat(api, "add secret plan")
            #expect(try await Self.send(api, "list my tasks", as: "bob", path: "alice").status == .forbidden)
            let stolen = try await Self.send(api, "list my tasks", conversation: mine.conversation_id, as: "bob")
            #expect(stolen.status == .notFound)
            #expect(try stolen.errorMessage().contains("no conversation"))
            let bobList = try await Self.send(api, "list my tasks", as: "bob")
            #expect(try bobList.decoded(Reply.self).tool_calls.first?.result?.tasks?.isEmpty == true)
            let anonymous = try await api.call(.post, "/api/alice/chat", as: nil, body: #"{"message":"list my tasks"}"#)
            #expect(anonymous.status == .unauthorized)
            let now = Int64(Date().timeIntervalSince1970)
            let expired = try JWTSigner(secret: TaskAPI.secret).sign(
                JWTClaims(subject: "alice", issuedAt: now - 7200, expiresAt: now - 3600))
            let late = try await api.call(
                .post, "/api/alice/chat", as: nil, body: #"{"message":"list my tasks"}"#,
                headers: ["Authorization": "Bearer \(expired)"])
            #expect(late.status == .unauthorized)
        }
    }

    @Test("bad input is a clear 4xx with a JSON error and writes nothing", arguments: Backend.allCases)
    func badInput(backend: Backend) async throws {
        try await backend.withAPI { api in
            let long = String(repeating: "a", count: 5000)
            let huge = String(repeating: "b", count: 1 << 20)
            let cases: [(String, HTTPStatus, String)] = [
                (#"{"message":"add \#(long)"}"#, .contentTooLarge, "longer than 4096 bytes"),
                (#"{"message":"add \#(huge)"}"#, .contentTooLarge, "at most 4096 bytes"),
                (#"{"message":"hi","mood":"happy"}"#, .badRequest, "unknown field 'mood'"),
                (#"{"message":42}"#, .badRequest, "message"),
                (#"{"conversation_id":"x"}"#, .badRequest, "missing field 'message'"),
                (#"{"message":"   "}"#, .badRequest, "must not be empty"),
                ("not json", .badRequest, ""),
                (#"{"message":"hi","conversation_id":"not-a-uuid"}"#, .notFound, "no conversation"),
                (#"{"message":"hi","conversation_id":"\#(UUID().uuidString)"}"#, .notFound, "no conversation"),
            ]
            for (body, status, message) in cases {
                let response = try await api.call(.post, "/api/alice/chat", body: body)
                #expect(response.status == status, "\(body.prefix(60)): \(response.text.prefix(200))")
                #expect(try response.errorMessage().contains(message), "\(body.prefix(60))")
            }
            let badZone = try await Self.send(api, "add x tomorrow", zone: "Mars/Olympus_Mons")
            #expect(try badZone.status == .badRequest && badZone.errorMessage().contains("X-Timezone"))
            #expect(try await api.count("conversations") == 0)
            #expect(try await api.count("tasks") == 0)
            #expect(try await api.events().isEmpty)
        }
    }

    @Test(
        "settings: the saved zone is the chat's default, X-Timezone overrides it, UTC without either", arguments: Backend.allCases
    )
    func settings(backend: Backend) async throws {
        try await backend.withAPI { api in
            #expect(try await api.call(.get, "/api/alice/settings").text == #"{"timeZone":null}"#)
            let saved = try await api.call(.put, "/api/alice/settings", body: #"{"timeZone":"Asia/Tokyo"}"#)
            #expect(saved.status == .ok && saved.text == #"{"timeZone":"Asia/Tokyo"}"#)
            #expect(try await api.call(.get, "/api/alice/settings").text == #"{"timeZone":"Asia/Tokyo"}"#)
            #expect(try await api.call(.put, "/api/alice/settings", body: #"{"timeZone":"Mars/Base"}"#).status == .badRequest)
            #expect(try await api.call(.put, "/api/alice/settings", body: #"{"zone":"UTC"}"#).status == .badRequest)
            #expect(try await api.call(.get, "/api/alice/settings", as: "bob").status == .forbidden)
            #expect(try await api.call(.get, "/api/bob/settings", as: "bob").text == #"{"timeZone":null}"#)

            func localHour(_ reply: Reply, _ zone: String) throws -> Int {
                let due = try #require(reply.tool_calls.first?.args.dueAt)
                let seconds = Int64(due.timeIntervalSince1970)
                return CivilTime(seconds: seconds + Int64(try ZoneInfo.named(zone).offset(atUTC: seconds))).hour
            }
            let tokyo = try await Self.chat(api, "add call mom tomorrow at 9am", zone: nil)
            #expect(try tokyo.tool_calls.first?.args.timeZone == "Asia/Tokyo" && localHour(tokyo, "Asia/Tokyo") == 9)
            let newYork = try await Self.chat(api, "add call dad tomorrow at 9am", zone: "America/New_York")
            #expect(newYork.tool_calls.first?.args.timeZone == "America/New_York")
            #expect(try localHour(newYork, "America/New_York") == 9)
            _ = try await api.call(.put, "/api/alice/settings", body: #"{"timeZone":null}"#)
            let utc = try await Self.chat(api, "add call gran tomorrow at 9am", zone: nil)
            #expect(try utc.tool_calls.first?.args.timeZone == "UTC" && localHour(utc, "UTC") == 9)
        }
    }
}
