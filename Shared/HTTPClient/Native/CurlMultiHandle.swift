internal import CCurl

/// Owns one libcurl multi handle: the transfers it drives share its connection cache and DNS cache.
///
/// `@unchecked Sendable`: only `wakeup()` is called from other threads (libcurl documents `curl_multi_wakeup` as
/// thread-safe); every other method runs on the one loop thread that drives the transfers.
final class CurlMultiHandle: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer

    /// Creates a multi handle that keeps up to `maxConnections` idle connections alive for reuse.
    /// The corresponding C function is `curl_multi_init`.
    /// - Throws: `HTTPClientError` with code `transport` if libcurl cannot initialise.
    init(maxConnections: Int) throws(HTTPClientError) {
        let global = CurlEasyHandle.globalInit
        guard global == CURLE_OK else { throw HTTPClientError(curl: global, detail: "") }
        guard let multi = curl_multi_init() else {
            throw HTTPClientError(code: .transport, message: "curl_multi_init failed")
        }
        self.multi = multi
        // The default cache (4 × handles added) shrinks to nothing while no transfer runs; ours stays.
        try check(ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxConnections)))
    }

    deinit { curl_multi_cleanup(multi) }

    /// Starts driving `easy`'s transfer; it makes progress in later `perform()` calls.
    /// The corresponding C function is `curl_multi_add_handle`.
    func add(_ easy: CurlEasyHandle) throws(HTTPClientError) { try check(curl_multi_add_handle(multi, easy.handle)) }

    /// Stops driving `easy`: after completion its connection goes back to the cache; mid-transfer it is closed.
    /// The corresponding C function is `curl_multi_remove_handle`.
    func remove(_ easy: CurlEasyHandle) { _ = curl_multi_remove_handle(multi, easy.handle) }

    /// Does whatever reading and writing can be done now, without blocking.
    /// The corresponding C function is `curl_multi_perform`.
    func perform() throws(HTTPClientError) {
        var running: Int32 = 0
        try check(curl_multi_perform(multi, &running))
    }

    /// The next finished transfer: its easy handle and result, or nil when none is left to report.
    /// The corresponding C function is `curl_multi_info_read`.
    func nextCompletion() -> (handle: UnsafeMutableRawPointer, code: CURLcode)? {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            if message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle {
                return (handle, message.pointee.data.result)
            }
        }
        return nil
    }

    /// Blocks until a transfer's socket is ready, libcurl's next timeout, `wakeup()`, or `timeoutMilliseconds`.
    /// The corresponding C function is `curl_multi_poll`.
    func poll(timeoutMilliseconds: Int32) throws(HTTPClientError) {
        try check(curl_multi_poll(multi, nil, 0, timeoutMilliseconds, nil))
    }

    /// Makes a current or the next `poll` return at once; callable from any thread.
    /// The corresponding C function is `curl_multi_wakeup`.
    func wakeup() { _ = curl_multi_wakeup(multi) }

    private func check(_ code: CURLMcode) throws(HTTPClientError) {
        guard code == CURLM_OK else {
            throw HTTPClientError(
                code: .transport, message: "\(String(cString: curl_multi_strerror(code))) (CURLMcode \(code.rawValue))")
        }
    }
}
