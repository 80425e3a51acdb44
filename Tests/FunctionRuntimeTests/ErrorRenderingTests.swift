import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Testing

@Suite struct ErrorRenderingTests {
    struct Teapot: HTTPResponseError {
        var status: HTTPStatus { HTTPStatus(code: 418) }
        var message: String { "short and \"stout\"" }
        var headers: HTTPHeaders { ["Retry-After": "5"] }
    }

    struct Secret: Error, CustomStringConvertible {
        var description: String { "database password rejected" }
    }

    struct Failing: RoutedFunction {
        static let routes = Router<Self>()
            .get("/http-error", access: .public, Self.httpError)
            .get("/custom", access: .public, Self.custom)
            .get("/other", access: .public, Self.other)
            .get("/empty", access: .public, Self.empty)

        func httpError(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            throw HTTPError(.conflict, message: "task already exists")
        }

        func custom(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse { throw Teapot() }

        func other(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse { throw Secret() }

        func empty(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            HTTPResponse(status: .forbidden)
        }
    }

    @Test("an HTTPError becomes its status with a JSON error body")
    func httpError() async throws {
        let response = try await FunctionTestClient(Failing()).execute(.get, "/http-error")
        #expect(response.status == .conflict)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.text == #"{"error":{"message":"task already exists"}}"#)
    }

    @Test("a custom HTTPResponseError keeps its status and headers, and its message is escaped")
    func customError() async throws {
        let response = try await FunctionTestClient(Failing()).execute(.get, "/custom")
        #expect(response.status.code == 418)
        #expect(response.headers["Retry-After"] == "5")
        #expect(response.text == #"{"error":{"message":"short and \"stout\""}}"#)
    }

    @Test("any other error is a generic 500, logged with the request id and the error")
    func otherError() async throws {
        let logs = TestLogHandler()
        let client = FunctionTestClient(Failing(), logHandler: logs)
        let response = try await client.execute(.get, "/other", headers: ["X-Request-Id": "req-7"])
        #expect(response.status == .internalServerError)
        #expect(response.errorMessage == "internal server error")
        #expect(!response.text.contains("password"))
        #expect(response.headers["X-Request-Id"] == "req-7")
        let record = try #require(logs.records.first { $0.level == .error })
        #expect(record.message == "Request failed")
        #expect(record.metadata["request.id"] == "req-7")
        #expect(record.metadata["error"] == "database password rejected")
    }

    @Test("a 4xx response with no body gets the JSON error body")
    func emptyErrorResponse() async throws {
        let response = try await FunctionTestClient(Failing()).execute(.get, "/empty")
        #expect(response.status == .forbidden)
        #expect(response.errorMessage == "Forbidden")
    }

    @Test("an unknown path is a JSON 404 and a known path with another method a JSON 405 with Allow")
    func notFoundAndMethodNotAllowed() async throws {
        let client = FunctionTestClient(Failing())
        let missing = try await client.execute(.get, "/nope")
        #expect(missing.status == .notFound)
        #expect(missing.errorMessage == "no route for GET /nope")
        let wrongMethod = try await client.execute(.delete, "/custom")
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers["Allow"] == "GET, HEAD")
        #expect(wrongMethod.errorMessage?.contains("GET, HEAD") == true)
    }
}
