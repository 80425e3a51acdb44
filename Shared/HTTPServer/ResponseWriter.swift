import HTTPTypes

/// Serializes responses into HTTP/1.1 wire bytes.
enum ResponseWriter {
    /// Bodies up to this size are copied after the head so one `send` carries both.
    static let inlineBodyLimit = 8 * 1024

    /// The head (and, for small bodies, the body) of `response`, plus a body to send after it.
    /// - Parameters:
    ///   - isHead: whether the request was HEAD (no body is sent, Content-Length still is).
    ///   - keepAlive: whether the connection stays open; `Connection: close` is written otherwise.
    ///   - http10: whether the client spoke HTTP/1.0 (then `Connection: keep-alive` is written when kept).
    ///   - dateLine: the cached `Date: …\r\n` line.
    static func serialize(
        _ response: HTTPResponse, isHead: Bool, keepAlive: Bool, http10: Bool, dateLine: [UInt8]
    ) -> (head: [UInt8], body: [UInt8]?) {
        var out: [UInt8] = []
        out.reserveCapacity(
            128 + response.headers.count * 32 + (response.body.count <= inlineBodyLimit ? response.body.count : 0))
        let code = response.status.code
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendStatusCode(code, to: &out)
        out.append(0x20)
        out.append(contentsOf: response.status.reasonPhrase.utf8)
        out.append(contentsOf: crlf)
        out.append(contentsOf: dateLine)
        let bodyless = (100..<200).contains(code) || code == 204 || code == 304
        var wroteLength = false
        for field in response.headers {
            if (field.name.equalsIgnoringASCIICase("connection") && code != 101)
                || field.name.equalsIgnoringASCIICase("transfer-encoding")
            {
                continue
            }
            if field.name.equalsIgnoringASCIICase("content-length") {
                guard isHead, !bodyless else { continue }
                wroteLength = true
            }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: crlf)
        }
        if !bodyless && !wroteLength {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: crlf)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if http10 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)
        if isHead || bodyless || response.body.isEmpty { return (out, nil) }
        if response.body.count <= inlineBodyLimit {
            out.append(contentsOf: response.body)
            return (out, nil)
        }
        return (out, response.body)
    }

    /// Whether the responder asked for the connection to close.
    static func asksToClose(_ response: HTTPResponse) -> Bool {
        response.headers["Connection"].map { $0.equalsIgnoringASCIICase("close") } ?? false
    }

    /// The JSON error response `{"error":{"message":"…"}}` for `status`.
    static func errorResponse(_ status: HTTPStatus, message: String, close: Bool) -> HTTPResponse {
        var escaped = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += " "
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if close { headers["Connection"] = "close" }
        return HTTPResponse(status: status, headers: headers, body: Array("{\"error\":{\"message\":\"\(escaped)\"}}".utf8))
    }

    /// `HTTP/1.1 100 Continue` and the blank line.
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    private static func appendStatusCode(_ code: Int, to out: inout [UInt8]) {
        let clamped = min(max(code, 100), 999)
        out.append(UInt8(0x30 + clamped / 100))
        out.append(UInt8(0x30 + clamped / 10 % 10))
        out.append(UInt8(0x30 + clamped % 10))
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(0x30 + max(value, 0)))
        } else {
            out.append(contentsOf: String(value).utf8)
        }
    }
}
