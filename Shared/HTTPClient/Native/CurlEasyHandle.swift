internal import CCurl
import HTTPTypes

/// Owns one libcurl easy handle and its error buffer; connections it opened stay alive between transfers.
///
/// Not `Sendable`: one worker thread uses it at a time, and libcurl forbids concurrent use of a handle.
final class CurlEasyHandle {
    /// libcurl's global state, set up once per process before the first handle.
    /// The corresponding C function is `curl_global_init`.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates an easy handle.
    /// The corresponding C function is `curl_easy_init`.
    /// - Throws: `HTTPClientError` with code `transport` if libcurl cannot initialise.
    init() throws(HTTPClientError) {
        let global = Self.globalInit
        guard global == CURLE_OK else { throw HTTPClientError(curl: global, detail: "") }
        guard let handle = curl_easy_init() else {
            throw HTTPClientError(code: .transport, message: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Runs one request to completion on the calling thread (blocking), reusing a live connection if one fits.
    /// The corresponding C function is `curl_easy_perform`.
    /// - Parameter request: the request; its cancellation flag is polled by the progress callback.
    /// - Returns: the response, whatever its status.
    /// - Throws: `HTTPClientError`, or `CancellationError` if the request was cancelled mid-transfer.
    func perform(_ request: PendingRequest) throws -> HTTPResponse {
        let parameters = request.parameters
        let headerList = try CurlHeaderList(parameters.headers)
        let transfer = CurlTransfer(request: request, maxBodySize: parameters.maxResponseBodySize)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        // Resetting drops every option from the previous request but keeps the connection cache.
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_URL, parameters.url)
        try set(ccurl_setopt_error_buffer(handle, errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, parameters.connectTimeoutMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, parameters.timeoutMilliseconds)
        if let path = parameters.unixSocketPath { try set(CURLOPT_UNIX_SOCKET_PATH, path) }
        try set(CURLOPT_PROXY, parameters.proxy ?? "")  // "" turns off the proxy environment variables
        try set(ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList.pointer))
        try set(ccurl_setopt_write_function(handle, curlWriteCallback))
        try set(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try set(ccurl_setopt_header_function(handle, curlHeaderCallback))
        try set(ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        try set(CURLOPT_NOPROGRESS, 0)
        try set(ccurl_setopt_xferinfo_function(handle, curlProgressCallback))
        try set(ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context))

        let code = try parameters.body.withUnsafeBytes { body throws(HTTPClientError) -> CURLcode in
            try setMethod(parameters.method, body: body)
            return curl_easy_perform(handle)
        }
        withExtendedLifetime(transfer) {}
        if code == CURLE_ABORTED_BY_CALLBACK, request.isCancelled { throw CancellationError() }
        if code == CURLE_WRITE_ERROR, transfer.bodyTooLarge {
            throw HTTPClientError(
                code: .tooLarge, message: "response body exceeds \(parameters.maxResponseBodySize) bytes")
        }
        guard code == CURLE_OK else { throw HTTPClientError(curl: code, detail: String(cString: errorBuffer)) }
        var status = 0
        try set(ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        return transfer.response(statusCode: status)
    }

    /// Chooses the method: `HEAD` without a body; a body (or POST/PUT/PATCH) as `POSTFIELDS` with its length.
    private func setMethod(_ method: HTTPMethod, body: UnsafeRawBufferPointer) throws(HTTPClientError) {
        if method == .head {
            try set(CURLOPT_NOBODY, 1)
            return
        }
        if !body.isEmpty || method == .post || method == .put || method == .patch {
            // libcurl reads the body in place, so `body` must outlive `curl_easy_perform`; an empty body
            // still needs a non-null pointer, or libcurl would read the body from stdin.
            let bytes = body.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) } ?? Self.emptyBody
            try set(ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            try set(ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, bytes))
            if method != .post { try set(CURLOPT_CUSTOMREQUEST, method.rawValue) }
        } else if method != .get {
            try set(CURLOPT_CUSTOMREQUEST, method.rawValue)
        }
    }

    private nonisolated(unsafe) static let emptyBody: UnsafeMutableRawPointer = {
        let byte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        byte.storeBytes(of: 0, as: UInt8.self)
        return byte
    }()

    /// - SeeAlso: `curl_easy_setopt` with a long.
    private func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try set(ccurl_setopt_long(handle, option, value))
    }

    /// - SeeAlso: `curl_easy_setopt` with a string (libcurl copies it, so the pointer may dangle afterwards).
    private func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try set(value.withCString { ccurl_setopt_string(handle, option, $0) })
    }

    private func set(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else { throw HTTPClientError(curl: code, detail: "") }
    }
}

@available(*, unavailable) extension CurlEasyHandle: Sendable {}
