import FoundationEssentials
import HTTPTypes
import Testing

@Suite("task-crud: sorting, stable cursors and accent-insensitive search")
struct ListAPITests {
    /// Every page of `query`, `limit` at a time.
    static func pages(_ api: TaskAPI, _ query: String, limit: Int = 2) async throws -> [TaskOut] {
        var all: [TaskOut] = []
        var cursor: String?
        repeat {
            var target = "/api/alice/tasks?limit=\(limit)&\(query)"
            if let cursor { target += "&cursor=\(cursor)" }
            let response = try await api.call(.get, target)
            try #require(response.status == .ok, "\(target): \(response.text)")
            let page = try response.decoded(PageOut.self)
            all += page.tasks
            cursor = page.nextCursor
        } while cursor != nil
        return all
    }

    @Test("every sort and order pages through all tasks once, in order, ties broken by id", arguments: Backend.allCases)
    func sorting(backend: Backend) async throws {
        try await backend.withAPI { api in
            let specs: [(String, String, Double?)] = [
                ("banana", "high", 5), ("Apple", "low", 5), ("cherry", "high", nil), ("apple", "none", 2),
                ("Éclair", "medium", nil), ("date", "low", 5), ("elderberry", "high", 2),
            ]
            var created: [TaskOut] = []
            for (title, priority, due) in specs {
                let dueField = due.map { #","dueAt":"\#(iso(future(hours: $0)))""# } ?? ""
                created.append(try await api.create(#"{"title":"\#(title)","priority":"\#(priority)"\#(dueField)}"#))
            }
            let rank = ["none": 0, "low": 1, "medium": 2, "high": 3]
            let undated = Date(timeIntervalSince1970: 253_402_300_799)
            func expected(_ key: (TaskOut) -> String, descending: Bool) -> [String] {
                let sorted = created.sorted { (key($0), $0.id) < (key($1), $1.id) }
                return (descending ? sorted.reversed() : sorted).map(\.id)
            }
            let padded = { (value: Int64) in String(repeating: "0", count: 20 - String(value).count) + String(value) }
            let due = { (task: TaskOut) in padded(Int64((task.dueAt ?? undated).timeIntervalSince1970)) }
            let cases: [(String, [String])] = [
                ("sort=due", expected(due, descending: false)),
                ("sort=due&order=desc", expected(due, descending: true)),
                ("sort=priority", expected({ String(rank[$0.priority] ?? 0) }, descending: true)),
                ("sort=priority&order=asc", expected({ String(rank[$0.priority] ?? 0) }, descending: false)),
                ("sort=title", expected({ $0.title.lowercased().replacing("é", with: "e") }, descending: false)),
                ("sort=title&order=desc", expected({ $0.title.lowercased().replacing("é", with: "e") }, descending: true)),
                ("sort=created", created.map(\.id)),
                ("sort=created&order=desc", created.reversed().map(\.id)),
            ]
            for (query, ids) in cases {
                for limit in [1, 2, 3, 100] {
                    let listed = try await Self.pages(api, query, limit: limit).map(\.id)
                    #expect(listed == ids, "\(query) limit \(limit)")
                }
            }
            let undatedLast = try await Self.pages(api, "sort=due").suffix(2).map(\.title)
            #expect(Set(undatedLast) == ["cherry", "Éclair"])
            // A change moves a task under sort=updated (newest first by default).
            _ = try await api.call(.patch, "/api/alice/tasks/\(created[0].id)", body: #"{"priority":"low"}"#)
            #expect(try await Self.pages(api, "sort=updated").first?.id == created[0].id)
            // A cursor made for one sort is refused by another.
            let page = try await api.call(.get, "/api/alice/tasks?limit=1&sort=title").decoded(PageOut.self)
            let cursor = try #require(page.nextCursor)
            #expect(try await api.call(.get, "/api/alice/tasks?sort=due&cursor=\(cursor)").status == .badRequest)
            #expect(try await api.call(.get, "/api/alice/tasks?sort=title&order=desc&cursor=\(cursor)").status == .badRequest)
        }
    }

    @Test("q matches title and description without regard to case or accents", arguments: Backend.allCases)
    func search(backend: Backend) async throws {
        try await backend.withAPI { api in
            _ = try await api.create(#"{"title":"Crème brûlée for Zoë"}"#)
            _ = try await api.create(#"{"title":"Walk","description":"along the Hauptstraße"}"#)
            _ = try await api.create(#"{"title":"Flight to İstanbul"}"#)
            _ = try await api.create(#"{"title":"CAFÉ with Ana"}"#)
            _ = try await api.create(#"{"title":"100% done_ok"}"#)
            _ = try await api.create(#"{"title":"Cafe\#u{0301} decomposed"}"#)
            let cases: [(String, [String])] = [
                ("creme", ["Crème brûlée for Zoë"]), ("CRÈME BRULEE", ["Crème brûlée for Zoë"]),
                ("zoe", ["Crème brûlée for Zoë"]),
                ("strasse", ["Walk"]), ("STRASSE", ["Walk"]), ("straße", ["Walk"]), ("istanbul", ["Flight to İstanbul"]),
                ("İSTANBUL", ["Flight to İstanbul"]), ("café", ["CAFÉ with Ana", "Cafe\u{0301} decomposed"]),
                ("cafe", ["CAFÉ with Ana", "Cafe\u{0301} decomposed"]), ("100%", ["100% done_ok"]), ("%", ["100% done_ok"]),
                ("_", ["100% done_ok"]), ("d_ne", []), ("0%d", []), ("nothing", []),
            ]
            for (query, titles) in cases {
                let encoded = query.utf8.map { byte in
                    (byte < 0x80 && Character(Unicode.Scalar(byte)).isLetter)
                        ? String(Unicode.Scalar(byte)) : "%" + String(byte, radix: 16)
                }.joined()
                let found = try await Self.pages(api, "q=\(encoded)", limit: 50).map(\.title)
                #expect(found == titles, "q=\(query)")
            }
        }
    }
}
