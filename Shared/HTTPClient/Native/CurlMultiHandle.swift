internal import CCurl

/// Owns one libcurl multi handle driven through its socket interface: the transfers it runs share its
/// connection cache and DNS cache, and only the sockets that are ready get work.
///
/// Not `Sendable`: the loop thread creates, drives and frees it (other threads interrupt its `drive` through the
/// `WakeupSocketPair`).
final class CurlMultiHandle {
    /// libcurl's entry points.
    private let curl: UnsafePointer<ccurl_api>
    private let multi: UnsafeMutableRawPointer
    /// What libcurl asked to watch; its callbacks write here (an unretained pointer: it lives as long as `multi`).
    private let sockets: CurlSocketSet

    /// Creates a multi handle that keeps up to `maxConnections` idle connections alive for reuse.
    /// The corresponding C function is `curl_multi_init` (after loading libcurl the first time: `LibCurl`).
    /// - Parameters:
    ///   - maxConnections: the connection cache's size.
    ///   - wakeup: interrupts `drive` when signalled.
    /// - Throws: `HTTPClientError` with code `transport` if libcurl cannot be loaded or initialise.
    init(maxConnections: Int, wakeup: WakeupSocketPair) throws(HTTPClientError) {
        let curl = try LibCurl.api()
        self.curl = curl
        sockets = CurlSocketSet(wakeup: wakeup)
        guard let multi = curl.pointee.curl_multi_init() else {
            throw HTTPClientError(code: .transport, message: "curl_multi_init failed")
        }
        self.multi = multi
        let context = Unmanaged.passUnretained(sockets).toOpaque()
        // The default cache (4 × handles added) shrinks to nothing while no transfer runs; ours stays.
        try check(ccurl_multi_setopt_long(curl, multi, CURLMOPT_MAXCONNECTS, max(1, maxConnections)))
        try check(ccurl_multi_setopt_socket_function(curl, multi, curlSocketCallback))
        try check(ccurl_multi_setopt_pointer(curl, multi, CURLMOPT_SOCKETDATA, context))
        try check(ccurl_multi_setopt_timer_function(curl, multi, curlTimerCallback))
        try check(ccurl_multi_setopt_pointer(curl, multi, CURLMOPT_TIMERDATA, context))
    }

    deinit { _ = curl.pointee.curl_multi_cleanup(multi) }

    /// Starts driving `easy`'s transfer (libcurl sets its timer to begin at the next `drive`).
    /// The corresponding C function is `curl_multi_add_handle`.
    func add(_ easy: CurlEasyHandle) throws(HTTPClientError) { try check(curl.pointee.curl_multi_add_handle(multi, easy.handle)) }

    /// Stops driving `easy`: after completion its connection goes back to the cache; mid-transfer it is closed.
    /// The corresponding C function is `curl_multi_remove_handle`.
    func remove(_ easy: CurlEasyHandle) { _ = curl.pointee.curl_multi_remove_handle(multi, easy.handle) }

    /// Waits up to `timeoutMilliseconds` (0: not at all) for a socket, libcurl's timer or a wake-up, then lets
    /// libcurl read and write on the ready sockets and run its due timer.
    ///
    /// The timer runs after the wait, never before: a transfer it finishes must reach `nextCompletion()` before
    /// the next wait, or its caller would wait out that `poll` (running it first cut throughput 15-fold).
    /// The corresponding C function is `curl_multi_socket_action`.
    func drive(timeoutMilliseconds: Int32) throws(HTTPClientError) {
        var running: Int32 = 0
        for event in sockets.wait(timeoutMilliseconds: timeoutMilliseconds) {
            let mask =
                (event.readable ? CURL_CSELECT_IN : 0) | (event.writable ? CURL_CSELECT_OUT : 0)
                | (event.failed ? CURL_CSELECT_ERR : 0)
            try check(curl.pointee.curl_multi_socket_action(multi, event.socket, Int32(mask), &running))
        }
        if sockets.takeDueTimer() {
            try check(ccurl_multi_socket_timeout(curl, multi, &running))
            // libcurl calls the timer callback only when its next expiry changes: read it back, so that a timer
            // that had not quite expired is not lost.
            var next = -1
            try check(curl.pointee.curl_multi_timeout(multi, &next))
            sockets.setTimer(next)
        }
    }

    /// The next finished transfer: its easy handle and result, or nil when none is left to report.
    /// The corresponding C function is `curl_multi_info_read`.
    func nextCompletion() -> (handle: UnsafeMutableRawPointer, code: CURLcode)? {
        var left: Int32 = 0
        while let message = curl.pointee.curl_multi_info_read(multi, &left) {
            if message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle {
                return (handle, message.pointee.data.result)
            }
        }
        return nil
    }

    private func check(_ code: CURLMcode) throws(HTTPClientError) {
        guard code == CURLM_OK else {
            let text = curl.pointee.curl_multi_strerror(code).map { String(cString: $0) } ?? "libcurl multi error"
            throw HTTPClientError(code: .transport, message: "\(text) (CURLMcode \(code.rawValue))")
        }
    }
}

/// `CURLMOPT_SOCKETFUNCTION`: libcurl says which socket to watch for what (or to forget it).
private let curlSocketCallback:
    @convention(c) (
        UnsafeMutableRawPointer?, curl_socket_t, Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
    ) -> Int32 = { _, socket, what, context, _ in
        guard let context else { return 0 }
        let sockets = Unmanaged<CurlSocketSet>.fromOpaque(context).takeUnretainedValue()
        let watched = what == CURL_POLL_REMOVE ? CURL_POLL_NONE : what
        sockets.watch(socket, read: watched & CURL_POLL_IN != 0, write: watched & CURL_POLL_OUT != 0)
        return 0
    }

/// `CURLMOPT_TIMERFUNCTION`: libcurl wants `CURL_SOCKET_TIMEOUT` handled after `timeout` ms (-1: never).
private let curlTimerCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, timeout, context in
    guard let context else { return 0 }
    Unmanaged<CurlSocketSet>.fromOpaque(context).takeUnretainedValue().setTimer(timeout)
    return 0
}

@available(*, unavailable) extension CurlMultiHandle: Sendable {}
