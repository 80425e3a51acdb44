internal import CPostgres

/// libpq, opened with `dlopen` by the first PostgreSQL connection of the process (CPostgres's `cpq_load`) rather
/// than linked.
///
/// Linking it made the dynamic loader map and relocate its dependency graph (GSSAPI and Kerberos, LDAP with GnuTLS,
/// …) before `main` on every start, milliseconds that a function on SQLite never needed. The C layer stays in this
/// folder: only `PostgresConnection` calls libpq, through the table.
enum LibPQ {
    /// The entry points, or why libpq could not be loaded; loaded once, on first use.
    ///
    /// `nonisolated(unsafe)`: the table is written once, before this lazy global is published, and only read after.
    nonisolated(unsafe) static let loaded: Result<UnsafePointer<cpq_api>, PostgresError> = load()

    /// The entry points, loading libpq on the first call.
    /// - Throws: ``PostgresError`` with `.connectionFailure` naming the library and the reason (for example, it is
    ///   not installed), on every call once loading failed.
    static func api() throws(PostgresError) -> UnsafePointer<cpq_api> { try loaded.get() }

    /// Opens libpq and resolves its entry points. The corresponding C functions are `dlopen` and `dlsym`.
    private static func load() -> Result<UnsafePointer<cpq_api>, PostgresError> {
        let table = UnsafeMutablePointer<cpq_api>.allocate(capacity: 1)
        if let failure = cpq_load(table) {
            let reason = String(cString: failure)
            table.deallocate()
            return .failure(PostgresError(.connectionFailure, message: "cannot load libpq: \(reason)"))
        }
        return .success(UnsafePointer(table))  // kept for the life of the process, like the library
    }
}
