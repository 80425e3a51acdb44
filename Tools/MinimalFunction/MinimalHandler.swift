import FunctionRuntime
import HTTPTypes

/// `GET /` answers 200 `ok`; `POST /echo` answers with the request body and content type.
struct MinimalHandler: RoutedFunction {
    static let routes = Router<Self>()
        .get("/", access: .public, Self.root)
        .post("/echo", access: .public, Self.echo)

    func root(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        HTTPResponse(status: .ok, contentType: "text/plain", text: "ok")
    }

    func echo(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        HTTPResponse(
            status: .ok, headers: ["Content-Type": request.headers["Content-Type"] ?? "application/octet-stream"],
            body: request.body)
    }
}
