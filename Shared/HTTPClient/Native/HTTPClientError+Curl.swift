internal import CCurl

extension HTTPClientError {
    /// Maps a libcurl result to an error code, with libcurl's detailed text when it gave one.
    /// The corresponding C function is `curl_easy_strerror`.
    init(_ api: UnsafePointer<ccurl_api>, curl code: CURLcode, detail: String) {
        let summary = api.pointee.curl_easy_strerror(code).map { String(cString: $0) } ?? "libcurl error"
        let message = detail.isEmpty ? summary : "\(summary): \(detail)"
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self.init(code: .connect, message: message)
        case CURLE_OPERATION_TIMEDOUT:
            self.init(code: .timeout, message: message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            self.init(code: .invalidURL, message: message)
        case CURLE_FILESIZE_EXCEEDED:
            self.init(code: .tooLarge, message: message)
        default:
            self.init(code: .transport, message: "\(message) (CURLcode \(code.rawValue))")
        }
    }
}
