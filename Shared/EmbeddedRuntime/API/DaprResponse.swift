package import HTTPTypes
package import JSON

/// The embedded Dapr API's answers as daprd writes them: errors as `{"errorCode":"…","message":"…"}` with
/// `Content-Type: application/json`, 204, and JSON bodies. (The client's `DaprError` in `Dapr` is the error thrown.)
package enum DaprResponse {
    /// An error response with the given status, code and message.
    package static func response(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        var body: [UInt8] = []
        body.append(contentsOf: "{\"errorCode\":".utf8)
        JSONEscaping.go.append(code, to: &body)
        body.append(contentsOf: ",\"message\":".utf8)
        JSONEscaping.go.append(message, to: &body)
        body.append(UInt8(ascii: "}"))
        return HTTPResponse(
            status: HTTPStatus(code: status), headers: ["Content-Type": "application/json"], body: body)
    }

    /// `404 ERR_DIRECT_INVOKE`: the router fallback without an app id (§0.1).
    package static var noAppID: HTTPResponse {
        response(404, "ERR_DIRECT_INVOKE", "failed getting app id either from the URL path or the header dapr-app-id")
    }

    /// `204`, empty body.
    package static var noContent: HTTPResponse { HTTPResponse(status: .noContent) }

    /// `200` with a JSON body.
    package static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(
            status: HTTPStatus(code: status), headers: ["Content-Type": "application/json"], body: value.bytes(escaping: .go))
    }
}
