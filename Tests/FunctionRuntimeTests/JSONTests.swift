import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import JSON
import Testing

@Suite struct JSONTests {
    struct NewTask: Codable, Equatable {
        struct Reminder: Codable, Equatable { var at: Date }
        var title: String
        var priority: Int
        var reminders: [Reminder] = []
    }

    struct CreateHandler: RoutedFunction {
        static let routes = Router<Self>().post("/tasks", access: .public, Self.create)

        func create(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            try .json(try request.decodeJSON(NewTask.self), status: .created)
        }
    }

    private func post(_ body: String, contentType: String? = "application/json") async throws -> HTTPResponse {
        var headers: HTTPHeaders = [:]
        if let contentType { headers["Content-Type"] = contentType }
        return try await FunctionTestClient(CreateHandler()).execute(
            .post, "/tasks", headers: headers, body: Array(body.utf8))
    }

    @Test("a valid body round-trips through decodeJSON and .json with ISO 8601 dates")
    func roundTrip() async throws {
        let response = try await post(#"{"title":"milk","priority":2,"reminders":[{"at":"2026-01-31T09:00:00.250Z"}]}"#)
        #expect(response.status == .created)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.text == #"{"priority":2,"reminders":[{"at":"2026-01-31T09:00:00.250Z"}],"title":"milk"}"#)
        let decoded = try response.decode(NewTask.self)
        #expect(decoded.reminders.first?.at == Date(timeIntervalSince1970: 1_769_850_000.25))
    }

    @Test(
        "a bad body is a 400 naming the field",
        arguments: [
            (#"{"priority":2}"#, "missing field 'title'"),
            (#"{"title":"a","priority":"high"}"#, "field 'priority' has the wrong type (expected integer)"),
            (#"{"title":null,"priority":1}"#, "field 'title' must not be null (expected string)"),
            (#"{"title":"a","priority":1,"reminders":[{"at":"tomorrow"}]}"#, "field 'reminders[0].at' is invalid"),
            // Foundation's ISO 8601 parser rolled minute 99 over to the next hour (found by schemathesis).
            (#"{"title":"a","priority":1,"reminders":[{"at":"2024-01-01T12:99:00Z"}]}"#, "field 'reminders[0].at' is invalid"),
            (#"{"title":"a","priority":1,"reminders":[{"at":"2024-02-30T12:00:00Z"}]}"#, "field 'reminders[0].at' is invalid"),
            (#"{"title":"a","priority":1,"reminders":[{}]}"#, "missing field 'reminders[0].at'"),
            (#"{"title": "a""#, "request body is not valid JSON"),
            (#"[1,2]"#, "request body must be a JSON object"),
            ("", "request body is empty; expected JSON"),
        ])
    func badBody(body: String, expected: String) async throws {
        let response = try await post(body)
        #expect(response.status == .badRequest)
        let message = try #require(response.errorMessage)
        #expect(message.hasPrefix(expected), "got: \(message)")
    }

    @Test("a non-JSON content type is a 415; JSON variants and a missing type are accepted")
    func contentType() async throws {
        #expect(
            try await post(#"{"title":"a","priority":1,"reminders":[]}"#, contentType: "text/plain").status
                == .unsupportedMediaType)
        #expect(try await post("a=b", contentType: "application/x-www-form-urlencoded").status == .unsupportedMediaType)
        #expect(
            try await post(#"{"title":"a","priority":1,"reminders":[]}"#, contentType: "application/json; charset=utf-8")
                .status == .created)
        #expect(
            try await post(#"{"title":"a","priority":1,"reminders":[]}"#, contentType: "application/cloudevents+json")
                .status == .created)
        #expect(try await post(#"{"title":"a","priority":1,"reminders":[]}"#, contentType: nil).status == .created)
    }

    @Test("dates without fractional seconds decode, and whole seconds encode without a fraction")
    func dates() throws {
        let date = try #require(JSONCoding.parseDate("2026-01-31T09:00:00Z"))
        #expect(JSONCoding.format(date) == "2026-01-31T09:00:00Z")
        #expect(JSONCoding.parseDate("31/01/2026") == nil)
    }
}
