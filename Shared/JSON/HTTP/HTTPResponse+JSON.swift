import FoundationEssentials
package import HTTPTypes

extension HTTPResponse {
    /// A response whose body is `value` encoded with the shared encoder, `Content-Type: application/json`.
    ///
    /// ```swift
    /// return try .json(task, status: .created)
    /// ```
    /// - Parameters:
    ///   - value: the body.
    ///   - status: the status (default 200).
    /// - Returns: the response.
    /// - Throws: `EncodingError` when the value cannot be encoded (the runtime answers 500).
    package static func json(_ value: some Encodable, status: HTTPStatus = .ok) throws -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "application/json"],
            body: Array(try JSONCoding.encoder.encode(value)))
    }

    /// The runtime's error body, `{"error":{"message":"…"}}`, with `status` and any extra headers.
    /// - Parameters:
    ///   - status: the status.
    ///   - message: the client-facing message.
    ///   - headers: extra headers, e.g. `Allow`.
    /// - Returns: the response.
    package static func error(_ status: HTTPStatus, message: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var writer = JSONWriter(capacity: 32 + message.utf8.count)
        writer.raw("{\"error\":{")
        writer.member("message", message, first: true)
        writer.raw("}}")
        var all = headers
        all["Content-Type"] = "application/json"
        return HTTPResponse(status: status, headers: all, body: writer.bytes)
    }
}
