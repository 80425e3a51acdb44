internal import CHTTPParser
import HTTPTypes

/// Owns one `http_parser` and collects the pieces of the request it is parsing.
/// Confined to one thread; the C callbacks in `HTTPParserCallbacks.swift` find it through `parser.data`.
final class HTTPParserCore {
    let limits: HTTPRequestParser.Limits
    let parser: UnsafeMutablePointer<http_parser>

    var url: [UInt8] = []
    var headers: [(String, String)] = []
    var field: [UInt8] = []
    var value: [UInt8] = []
    var lastWasValue = false
    var body: [UInt8] = []
    var headBytes = 0
    var hasContentLength = false
    var hasTransferEncoding = false
    var expectsContinue = false

    var begun = false
    var headComplete = false
    var complete = false
    var pausedForContinue = false
    var keepAlive = true
    var failure: HTTPParseError?

    init(limits: HTTPRequestParser.Limits) {
        self.limits = limits
        parser = .allocate(capacity: 1)
        reset()
    }

    deinit { parser.deallocate() }

    /// Starts over on a fresh `http_parser` (after a failure or a declined upgrade).
    func reset() {
        http_parser_init(parser, HTTP_REQUEST)
        parser.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        beginMessage()
        begun = false
        failure = nil
    }

    func beginMessage() {
        url.removeAll(keepingCapacity: true)
        headers.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        body = []
        lastWasValue = false
        headBytes = 0
        hasContentLength = false
        hasTransferEncoding = false
        expectsContinue = false
        begun = true
        headComplete = false
        complete = false
        keepAlive = true
    }

    /// Records a failure; the callback then returns non-zero, which stops `http_parser_execute`.
    func fail(_ code: HTTPParseError.Code, _ message: String) -> Int32 {
        if failure == nil { failure = HTTPParseError(code, message) }
        return 1
    }

    func countHead(_ length: Int) -> Int32 {
        headBytes += length
        return headBytes > limits.maxHeadBytes
            ? fail(.headTooLarge, "request head is larger than \(limits.maxHeadBytes) bytes") : 0
    }

    func commitHeader() -> Int32 {
        guard lastWasValue || !field.isEmpty else { return 0 }
        while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
        let name = String(decoding: field, as: UTF8.self)
        let text = String(decoding: value, as: UTF8.self)
        if name.equalsIgnoringASCIICase("content-length") { hasContentLength = true }
        if name.equalsIgnoringASCIICase("transfer-encoding") { hasTransferEncoding = true }
        if name.equalsIgnoringASCIICase("expect") { expectsContinue = text.equalsIgnoringASCIICase("100-continue") }
        headers.append((name, text))
        field.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        lastWasValue = false
        headBytes += 4
        if headers.count > limits.maxHeaderCount {
            return fail(.tooManyHeaders, "more than \(limits.maxHeaderCount) header fields")
        }
        return headBytes > limits.maxHeadBytes
            ? fail(.headTooLarge, "request head is larger than \(limits.maxHeadBytes) bytes") : 0
    }

    func headersDone() -> Int32 {
        if commitHeader() != 0 { return 1 }
        headComplete = true
        let (major, minor) = (parser.pointee.http_major, parser.pointee.http_minor)
        guard major == 1 && (minor == 0 || minor == 1) else {
            return fail(.unsupportedVersion, "HTTP/\(major).\(minor) is not supported; this server speaks HTTP/1.1")
        }
        if hasContentLength && hasTransferEncoding {
            return fail(.conflictingFraming, "both Content-Length and Transfer-Encoding are present")
        }
        let length = parser.pointee.content_length
        if hasContentLength, length != UInt64.max, length > UInt64(limits.maxBodyBytes) {
            return fail(.bodyTooLarge, "request body is larger than \(limits.maxBodyBytes) bytes")
        }
        let hasBody = hasTransferEncoding || (hasContentLength && length > 0 && length != UInt64.max)
        if expectsContinue && hasBody && parser.pointee.http_major == 1 && parser.pointee.http_minor >= 1 {
            pausedForContinue = true
            http_parser_pause(parser, 1)
        }
        return 0
    }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if body.count + bytes.count > limits.maxBodyBytes {
            return fail(.bodyTooLarge, "request body is larger than \(limits.maxBodyBytes) bytes")
        }
        if body.isEmpty, parser.pointee.content_length != UInt64.max, !hasTransferEncoding {
            // Capped: a client may declare a large body and then send nothing.
            body.reserveCapacity(bytes.count + min(Int(clamping: parser.pointee.content_length), 64 * 1024))
        }
        body.append(contentsOf: bytes)
        return 0
    }

    func messageDone() -> Int32 {
        complete = true
        keepAlive = http_should_keep_alive(parser) != 0
        http_parser_pause(parser, 1)
        return 0
    }

    /// The finished request; call only when `complete`.
    func takeRequest() -> HTTPRequestParser.ParsedRequest {
        let method = String(cString: http_method_str(http_method(rawValue: parser.pointee.method)))
        let request = HTTPRequest(
            method: HTTPMethod(rawValue: method), target: String(decoding: url, as: UTF8.self),
            headers: HTTPHeaders(headers), body: body,
            version: (Int(parser.pointee.http_major), Int(parser.pointee.http_minor)))
        let parsed = HTTPRequestParser.ParsedRequest(
            request: request, keepAlive: keepAlive, isUpgrade: parser.pointee.upgrade == 1)
        body = []
        begun = false
        headComplete = false
        complete = false
        return parsed
    }

    /// Runs `http_parser_execute` over `bytes`. The corresponding C function is `http_parser_execute`.
    func execute(_ bytes: UnsafeRawBufferPointer) -> (consumed: Int, errno: UInt32) {
        if parser.pointee.http_errno == HPE_PAUSED.rawValue { http_parser_pause(parser, 0) }
        let consumed = bytes.withMemoryRebound(to: CChar.self) { chars in
            http_parser_execute(parser, &HTTPParserCallbacks.settings, chars.baseAddress, chars.count)
        }
        return (consumed, parser.pointee.http_errno)
    }

    /// Maps a libhttp-parser error number to a parse error.
    func failure(forErrno code: UInt32) -> HTTPParseError {
        if let failure { return failure }
        let description = String(cString: http_errno_description(http_errno(rawValue: code)))
        switch code {
        case HPE_INVALID_CHUNK_SIZE.rawValue: return HTTPParseError(.badChunk, "invalid chunk size")
        case HPE_HEADER_OVERFLOW.rawValue: return HTTPParseError(.headTooLarge, "request head is too large")
        case HPE_UNEXPECTED_CONTENT_LENGTH.rawValue:
            return HTTPParseError(.conflictingFraming, "both Content-Length and Transfer-Encoding are present")
        default: return HTTPParseError(.malformed, "malformed request: \(description)")
        }
    }

    static let pausedErrno = HPE_PAUSED.rawValue
    static let okErrno = HPE_OK.rawValue
}
