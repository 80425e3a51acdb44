internal import CCurl

/// libcurl, opened with `dlopen` by the first transfer of the process (CCurl's `ccurl_load`) rather than linked.
///
/// Linking it made the dynamic loader map and relocate its ~30 libraries (LDAP, GnuTLS, Kerberos, SSH, RTMP, …)
/// before `main` on every start, about 5 ms; a function that has not called out yet pays nothing now, and its
/// first Dapr call pays it once. The C layer stays in this folder: only the `Curl*` types here call libcurl, through
/// the table.
enum LibCurl {
    /// The entry points (after `curl_global_init`), or why libcurl could not be loaded; loaded once, on first use.
    ///
    /// `nonisolated(unsafe)`: the table is written once, before this lazy global is published, and only read after.
    nonisolated(unsafe) static let loaded: Result<UnsafePointer<ccurl_api>, HTTPClientError> = load()

    /// The entry points, loading libcurl on the first call.
    /// - Throws: `HTTPClientError` with code `transport` naming the library and the reason (for example, it is not
    ///   installed), on every call once loading failed.
    static func api() throws(HTTPClientError) -> UnsafePointer<ccurl_api> { try loaded.get() }

    /// Opens libcurl, resolves its entry points and sets up its global state.
    /// The corresponding C functions are `dlopen`, `dlsym` and `curl_global_init`.
    private static func load() -> Result<UnsafePointer<ccurl_api>, HTTPClientError> {
        let table = UnsafeMutablePointer<ccurl_api>.allocate(capacity: 1)
        if let failure = ccurl_load(table) {
            let reason = String(cString: failure)
            table.deallocate()
            return .failure(HTTPClientError(code: .transport, message: "cannot load libcurl: \(reason)"))
        }
        let api = UnsafePointer(table)  // kept for the life of the process, like the library
        let global = api.pointee.curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        guard global == CURLE_OK else { return .failure(HTTPClientError(api, curl: global, detail: "")) }
        return .success(api)
    }
}
