internal import CCurl
import HTTPTypes

/// Owns one libcurl easy handle and its error buffer; reused (after `curl_easy_reset`) for transfer after transfer.
///
/// Not `Sendable`: only the multi loop's thread uses it, and libcurl forbids concurrent use of a handle.
final class CurlEasyHandle {
    /// libcurl's entry points (loaded, and its global state set up, by the first handle of the process).
    private let curl: UnsafePointer<ccurl_api>
    /// The C handle, for `CurlMultiHandle`.
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates an easy handle.
    /// The corresponding C function is `curl_easy_init`.
    /// - Throws: `HTTPClientError` with code `transport` if libcurl cannot be loaded or initialise.
    init() throws(HTTPClientError) {
        let curl = try LibCurl.api()
        self.curl = curl
        guard let handle = curl.pointee.curl_easy_init() else {
            throw HTTPClientError(code: .transport, message: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl.pointee.curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sets this handle up for `request`; the transfer runs once the handle joins a multi handle.
    /// The corresponding C function is `curl_easy_setopt` (and `curl_easy_reset` when the client settings change).
    /// - Parameter request: the request.
    /// - Returns: the transfer, which owns what libcurl reads and collects the response; keep it alive until the
    ///   handle has left the multi handle.
    /// - Throws: `HTTPClientError` with code `transport` if libcurl refuses an option.
    func prepare(_ request: PendingRequest) throws(HTTPClientError) -> CurlTransfer {
        let parameters = request.parameters
        let transfer = CurlTransfer(request: request, easy: self)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        let settings = ClientSettings(parameters)
        if settings != applied {
            try apply(settings)
        }
        errorBuffer[0] = 0
        try set(CURLOPT_URL, parameters.url)
        try set(CURLOPT_TIMEOUT_MS, request.remainingMilliseconds())  // the time queued counts
        try set(ccurl_setopt_pointer(curl, handle, CURLOPT_HTTPHEADER, parameters.headerList.pointer))
        try set(ccurl_setopt_pointer(curl, handle, CURLOPT_WRITEDATA, context))
        try set(ccurl_setopt_pointer(curl, handle, CURLOPT_HEADERDATA, context))
        try setMethod(parameters.method, body: transfer.requestBody)
        return transfer
    }

    /// The options every request of a client shares: set once per handle rather than once per request.
    private struct ClientSettings: Equatable {
        var connectTimeoutMilliseconds: Int
        var unixSocketPath: String?
        var proxy: String?

        init(_ parameters: PendingRequest.Parameters) {
            connectTimeoutMilliseconds = parameters.connectTimeoutMilliseconds
            unixSocketPath = parameters.unixSocketPath
            proxy = parameters.proxy
        }
    }

    /// The settings in effect, nil before the first request (or after a failure half-way through `apply`).
    private var applied: ClientSettings?

    /// Starts from libcurl's defaults and sets the options that stay the same from request to request.
    private func apply(_ settings: ClientSettings) throws(HTTPClientError) {
        applied = nil
        curl.pointee.curl_easy_reset(handle)  // live connections stay in the multi handle's cache
        try set(ccurl_setopt_error_buffer(curl, handle, errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
        try set(ccurl_setopt_cloexec_sockets(curl, handle))  // not inherited by the functions `todofn up` spawns
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutMilliseconds)
        if let path = settings.unixSocketPath { try set(CURLOPT_UNIX_SOCKET_PATH, path) }
        try set(CURLOPT_PROXY, settings.proxy ?? "")  // "" turns off the proxy environment variables
        try set(ccurl_setopt_write_function(curl, handle, curlWriteCallback))
        try set(ccurl_setopt_header_function(curl, handle, curlHeaderCallback))
        applied = settings
    }

    /// The outcome of `transfer` once the multi handle reported it done with `code`.
    /// The corresponding C function is `curl_easy_getinfo` (`CURLINFO_RESPONSE_CODE`).
    /// - Returns: the response, whatever its status, or an `HTTPClientError`.
    func result(of transfer: CurlTransfer, code: CURLcode) -> Result<HTTPResponse, any Error> {
        if code == CURLE_WRITE_ERROR, transfer.bodyTooLarge {
            let limit = transfer.request.parameters.maxResponseBodySize
            return .failure(HTTPClientError(code: .tooLarge, message: "response body exceeds \(limit) bytes"))
        }
        guard code == CURLE_OK else {
            return .failure(HTTPClientError(curl, curl: code, detail: String(cString: errorBuffer)))
        }
        var status = 0
        let info = ccurl_getinfo_long(curl, handle, CURLINFO_RESPONSE_CODE, &status)
        guard info == CURLE_OK else { return .failure(HTTPClientError(curl, curl: info, detail: "")) }
        return .success(transfer.response(statusCode: status))
    }

    /// Chooses the method: `HEAD` without a body; a body (or POST/PUT/PATCH) as `POSTFIELDS` with its length.
    /// Every call first undoes the previous request's choice (`HTTPGET` resets the method, `CUSTOMREQUEST` NULL).
    private func setMethod(_ method: HTTPMethod, body: UnsafeMutableRawBufferPointer) throws(HTTPClientError) {
        try set(CURLOPT_HTTPGET, 1)
        try set(ccurl_setopt_string(curl, handle, CURLOPT_CUSTOMREQUEST, nil))
        if method == .head {
            try set(CURLOPT_NOBODY, 1)
            return
        }
        if !body.isEmpty || method == .post || method == .put || method == .patch {
            // libcurl reads the body in place, so the transfer owns it; an empty body still needs a non-null
            // pointer, or libcurl would read the body from stdin.
            let bytes = body.baseAddress ?? Self.emptyBody
            try set(ccurl_setopt_off_t(curl, handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            try set(ccurl_setopt_pointer(curl, handle, CURLOPT_POSTFIELDS, bytes))
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
        try set(ccurl_setopt_long(curl, handle, option, value))
    }

    /// - SeeAlso: `curl_easy_setopt` with a string (libcurl copies it, so the pointer may dangle afterwards).
    private func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try set(value.withCString { ccurl_setopt_string(curl, handle, option, $0) })
    }

    private func set(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else { throw HTTPClientError(curl, curl: code, detail: "") }
    }
}

@available(*, unavailable) extension CurlEasyHandle: Sendable {}
