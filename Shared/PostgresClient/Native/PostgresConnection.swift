internal import CPostgres
import Glibc

/// One blocking libpq connection (`PGconn`) with its prepared-statement cache.
///
/// Not thread-safe: use it from one thread at a time (``PostgresPool`` gives each connection its own thread).
/// Every session is set to `TimeZone=UTC` and `DateStyle=ISO`, so timestamps parse without ambiguity.
/// The corresponding C function is `PQconnectdbParams`.
package final class PostgresConnection {
    /// libpq's entry points (loaded by the first connection of the process: `LibPQ`).
    let pq: UnsafePointer<cpq_api>
    private let handle: OpaquePointer
    private var statements: [String: String] = [:]
    private var nextStatement = 0
    /// A BEGIN not sent yet: it goes out pipelined with the transaction's first statement, saving a round trip.
    var pendingBegin: String?
    /// Statements of the open transaction not sent yet (``enqueue(_:_:)``): they go out pipelined with the next
    /// statement whose answer is read, or with the COMMIT.
    var queued: [(name: String, binds: [PostgresData])] = []

    /// Bounds on a server that stops answering, applied unless the URL sets its own: `connect_timeout` (a server
    /// that accepts and never answers), TCP keepalives and `tcp_user_timeout` (one gone without a reset, so a call
    /// waiting on it fails within about a minute instead of blocking its pool thread forever). libpq's defaults
    /// wait without limit, or for the system's two-hour keepalive.
    package static let defaultBounds: KeyValuePairs<String, String> = [
        "connect_timeout": "10", "keepalives": "1", "keepalives_idle": "30", "keepalives_interval": "10",
        "keepalives_count": "3", "tcp_user_timeout": "60000",
    ]

    /// Connects with a `postgresql://user:password@host:port/db?sslmode=…` URL (or a key=value string), with
    /// ``defaultBounds`` for what it does not set.
    /// - Throws: ``PostgresError`` with `.authenticationFailed` or `.connectionFailure` and libpq's message.
    /// The corresponding C function is `PQconnectdbParams` (the URL as an expanded `dbname`, after the defaults, so
    /// its own settings win).
    package init(url: String) throws(PostgresError) {
        let pq = try LibPQ.api()
        self.pq = pq
        let keywords = Self.defaultBounds.map(\.key) + ["dbname"]
        let values = Self.defaultBounds.map(\.value) + [url]
        let connected = Self.withCStrings(keywords) { keywords in
            Self.withCStrings(values) { values in pq.pointee.PQconnectdbParams(keywords, values, 1) }
        }
        guard let handle = connected else {
            throw PostgresError(.resourceExhausted, message: "libpq could not allocate a connection")
        }
        guard pq.pointee.PQstatus(handle) == CONNECTION_OK else {
            let message = Self.trimmed(pq.pointee.PQerrorMessage(handle))
            pq.pointee.PQfinish(handle)
            let auth = message.contains("authentication failed") || message.contains("password")
            throw PostgresError(
                auth ? .authenticationFailed : .connectionFailure,
                message: "could not connect to PostgreSQL: \(message)", connectionLost: true)
        }
        self.handle = handle
        do {
            try execute(
                "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET client_encoding = 'UTF8'; SET client_min_messages = 'warning'"
            )
        } catch {
            pq.pointee.PQfinish(handle)
            throw error
        }
    }

    deinit { pq.pointee.PQfinish(handle) }

    /// Calls `body` with `strings` as a NULL-terminated array of C strings, valid only during the call.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let array = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: strings.count + 1)
        let copies = strings.map { strdup($0) }
        defer {
            for copy in copies { free(copy) }
            array.deallocate()
        }
        for (index, copy) in copies.enumerated() { array[index] = UnsafePointer(copy) }
        array[strings.count] = nil
        return body(UnsafePointer(array))
    }

    /// Whether libpq still considers the connection usable. The corresponding C function is `PQstatus`.
    package var isHealthy: Bool { pq.pointee.PQstatus(handle) == CONNECTION_OK }

    /// Whether a transaction is open (or failed and awaiting ROLLBACK). The C function is `PQtransactionStatus`.
    package var isInTransaction: Bool {
        let status = pq.pointee.PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// The server's process id for this session. The corresponding C function is `PQbackendPID`.
    package var backendPID: Int32 { pq.pointee.PQbackendPID(handle) }

    /// How many statements this connection has prepared.
    package var preparedStatementCount: Int { statements.count }

    /// Runs one or more statements without parameters (DDL, `BEGIN`, `SET`); results are discarded.
    /// - Throws: ``PostgresError`` from the first failing statement.
    /// The corresponding C function is `PQexec`.
    package func execute(_ sql: String) throws(PostgresError) {
        if sql == "COMMIT", !queued.isEmpty {
            _ = try sendPending(then: .simple(sql))
            return
        }
        // Queued statements of a transaction being rolled back are never sent.
        if sql == "ROLLBACK" { queued.removeAll() }
        try flushBegin()
        let result = pq.pointee.PQexec(handle, sql)
        defer { pq.pointee.PQclear(result) }
        try check(result)
    }

    /// Runs `sql` with `binds` as a prepared statement (prepared once per connection, cached by SQL text).
    /// - Returns: the rows (empty for commands) and the affected-row count.
    /// - Throws: ``PostgresError``.
    /// The corresponding C functions are `PQprepare` and `PQexecPrepared`.
    @discardableResult
    package func query(_ sql: String, _ binds: [PostgresData] = []) throws(PostgresError) -> PostgresResult {
        if pendingBegin != nil || !queued.isEmpty {
            return try sendPending(then: .prepared(try prepared(sql), binds))
        }
        let name = try prepared(sql)
        let result = withParameters(binds) { values, lengths, formats in
            pq.pointee.PQexecPrepared(handle, name, Int32(binds.count), values, lengths, formats, 0)
        }
        defer { pq.pointee.PQclear(result) }
        try check(result)
        return read(result)
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    /// - Parameters:
    ///   - isolation: the isolation level.
    ///   - body: the work; it receives this connection.
    /// - Throws: what `body` throws, or ``PostgresError`` from BEGIN/COMMIT.
    package func withTransaction<T>(
        isolation: PostgresIsolation = .readCommitted, _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        try flushBegin()
        pendingBegin = isolation.beginStatement
        let value: T
        do {
            value = try body(self)
        } catch {
            queued.removeAll()
            if pendingBegin != nil {
                pendingBegin = nil
            } else if isHealthy {
                try? execute("ROLLBACK")
            }
            throw error
        }
        guard pendingBegin == nil || !queued.isEmpty else {
            // The body ran no statement: there is nothing to commit.
            pendingBegin = nil
            return value
        }
        do {
            try execute("COMMIT")
        } catch var error {
            if error.connectionLost { error.commitInDoubt = true }
            if isHealthy, isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
        return value
    }

    /// Sends a deferred BEGIN and the queued statements (before statements that cannot be pipelined with them).
    func flushBegin() throws(PostgresError) {
        if !queued.isEmpty {
            _ = try sendPending(then: nil)
            return
        }
        guard let begin = pendingBegin else { return }
        pendingBegin = nil
        try execute(begin)
    }

    /// The statement name for `sql`, preparing it on first use.
    func prepared(_ sql: String) throws(PostgresError) -> String {
        if let name = statements[sql] { return name }
        let name = "s\(nextStatement)"
        let result = pq.pointee.PQprepare(handle, name, sql, 0, nil)
        defer { pq.pointee.PQclear(result) }
        try check(result)
        nextStatement += 1
        statements[sql] = name
        return name
    }

    /// Calls `body` with libpq's parallel parameter arrays for `binds`, valid only during the call.
    func withParameters<R>(
        _ binds: [PostgresData],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        var storage: [UnsafeMutablePointer<CChar>?] = []
        var lengths = [Int32](repeating: 0, count: binds.count)
        var formats = [Int32](repeating: 0, count: binds.count)
        storage.reserveCapacity(binds.count)
        for (index, bind) in binds.enumerated() {
            if case .bytea(let bytes) = bind {
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: raw.count) }
                }
                storage.append(buffer)
                lengths[index] = Int32(bytes.count)
                formats[index] = 1
            } else if let text = bind.textValue {
                storage.append(strdup(text))
            } else {
                storage.append(nil)
            }
        }
        defer { for pointer in storage { pointer.map { free($0) } } }
        guard !binds.isEmpty else { return body(nil, nil, nil) }
        return storage.withUnsafeBufferPointer { pointers in
            // `UnsafeMutablePointer<CChar>?` and `UnsafePointer<CChar>?` share a layout; libpq only reads them.
            UnsafeRawPointer(pointers.baseAddress).map { raw in
                let values = raw.assumingMemoryBound(to: UnsafePointer<CChar>?.self)
                return lengths.withUnsafeBufferPointer { lengths in
                    formats.withUnsafeBufferPointer { formats in body(values, lengths.baseAddress, formats.baseAddress) }
                }
            } ?? body(nil, nil, nil)
        }
    }

    /// The raw handle, for the extensions in this folder.
    var pointer: OpaquePointer { handle }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}
