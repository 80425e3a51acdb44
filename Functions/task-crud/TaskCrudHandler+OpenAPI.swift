import FunctionRuntime
import HTTPTypes

/// `GET /api/openapi.json`: the API's OpenAPI 3.1 document, public (no token), served through the ingress.
extension TaskCrudHandler {
    static let openAPIBody = Array(OpenAPIDocument.json.utf8)

    func openAPI(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "public, max-age=300"],
            body: Self.openAPIBody)
    }
}
