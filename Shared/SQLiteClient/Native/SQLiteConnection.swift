internal import CSQLite

/// One SQLite connection (`sqlite3`) with its prepared-statement cache.
///
/// Opened in WAL mode with `synchronous=NORMAL`, foreign keys on and a busy timeout. Not thread-safe: use it
/// from one thread (``SQLiteDatabase`` gives each connection its own). The corresponding C function is
/// `sqlite3_open_v2`.
package final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    private var walHook: WALHook?

    /// Opens (creating if needed) the database at `path`.
    /// - Parameters:
    ///   - path: a file path (`:memory:` for a private in-memory database).
    ///   - readOnly: open without write access (reader connections).
    ///   - busyTimeoutMilliseconds: how long a statement waits for another connection's lock.
    /// - Throws: ``SQLiteError``.
    package init(path: String, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 5000) throws(SQLiteError) {
        var pointer: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &pointer, flags, nil)
        guard rc == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(pointer)
            throw SQLiteError(SQLiteError.Code(resultCode: rc), resultCode: rc, message: "cannot open \(path): \(message)")
        }
        handle = pointer
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        do {
            if !readOnly {
                try execute("PRAGMA journal_mode = WAL")
                // The file grows (at checkpoints) in 4 MiB steps, so connections that map it remap (munmap, mmap
                // and a TLB shootdown on every core) once per 4 MiB instead of at nearly every checkpoint.
                var chunk: Int32 = 4 << 20
                _ = sqlite3_file_control(handle, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk)
            }
            // A 64 MiB page cache and memory-mapped reads keep random-uuid index pages out of read(2) calls.
            try execute(
                "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; "
                    + "PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY")
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// How many statements are cached.
    package var preparedStatementCount: Int { statements.count }

    /// Whether a transaction is open. The corresponding C function is `sqlite3_get_autocommit`.
    package var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Rows changed by the last statement. The corresponding C function is `sqlite3_changes`.
    package var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last row inserted on this connection (an `INTEGER PRIMARY KEY` column is the rowid): what
    /// `RETURNING` that column gives, without the temporary b-tree SQLite builds for every `RETURNING` statement.
    /// The corresponding C function is `sqlite3_last_insert_rowid`.
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs one or more statements without parameters. The corresponding C function is `sqlite3_exec`.
    /// - Throws: ``SQLiteError``.
    package func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(
                SQLiteError.Code(resultCode: sqlite3_extended_errcode(handle)),
                resultCode: sqlite3_extended_errcode(handle), message: text)
        }
    }

    /// Runs one statement that takes no parameters and whose rows are not wanted (`BEGIN`, `SAVEPOINT`, `COMMIT`),
    /// prepared once per connection like ``query(_:_:)``, unlike ``execute(_:)`` which parses it on every call.
    /// - Throws: ``SQLiteError``.
    package func run(_ sql: String) throws(SQLiteError) { try query(sql) }

    /// Runs `sql` with `binds` (`?1`, `?2`, … or `?`), prepared once per connection and cached by SQL text.
    /// - Returns: the result rows.
    /// - Throws: ``SQLiteError``.
    /// The corresponding C functions are `sqlite3_prepare_v3`, `sqlite3_bind_*` and `sqlite3_step`.
    @discardableResult
    package func query(_ sql: String, _ binds: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, bind) in binds.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch bind {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let value): rc = sqlite3_bind_int64(statement, index, value)
            case .real(let value): rc = sqlite3_bind_double(statement, index, value)
            case .text(let value):
                rc = value.withCString { csqlite_bind_text_transient(statement, index, $0, Int32(value.utf8.count)) }
            case .blob(let value):
                rc = value.withUnsafeBytes { bytes in
                    // A zero-length blob still needs a non-NULL pointer, or SQLite stores NULL.
                    bytes.count == 0
                        ? sqlite3_bind_zeroblob(statement, index, 0)
                        : csqlite_bind_blob_transient(statement, index, bytes.baseAddress, Int32(bytes.count))
                }
            }
            guard rc == SQLITE_OK else { throw error(rc) }
        }
        let columnCount = sqlite3_column_count(statement)
        let columns = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [SQLiteRow] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error(rc) }
            var values: [SQLiteValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount { values.append(Self.value(statement, column)) }
            rows.append(SQLiteRow(columns: columns, values: values))
        }
        return rows
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction (takes the write lock up front, so two writers never
    /// deadlock on upgrade): COMMIT when it returns, ROLLBACK when it throws.
    /// - Throws: what `body` throws, or ``SQLiteError``.
    package func withTransaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Calls `decide` on this connection's thread after every commit with the number of frames now in the WAL,
    /// in place of SQLite's automatic checkpoint (which this turns off); when it returns true, a RESTART
    /// checkpoint runs right there, before the commit returns: it waits (up to the busy timeout) for a checkpoint
    /// running on another connection and for readers of old frames, and copies every frame, so the next write
    /// starts the WAL over. The corresponding C function is `sqlite3_wal_hook`.
    package func onWALCommit(_ decide: @escaping (_ frames: Int) -> Bool) {
        let hook = WALHook(decide)
        walHook = hook
        sqlite3_wal_hook(
            handle,
            { context, database, name, frames in
                guard let context else { return SQLITE_OK }
                if Unmanaged<WALHook>.fromOpaque(context).takeUnretainedValue().decide(Int(frames)) {
                    // A failed checkpoint leaves the frames in the WAL for the next one; the commit stands.
                    _ = sqlite3_wal_checkpoint_v2(database, name, SQLITE_CHECKPOINT_RESTART, nil, nil)
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(hook).toOpaque())
    }

    /// Copies committed WAL frames into the database file without blocking readers or the writer (a PASSIVE
    /// checkpoint: it stops at frames a reader still needs, and never waits on a lock).
    /// - Returns: the frames in the WAL and how many of them are now in the database file.
    /// - Throws: ``SQLiteError`` (`.busy` when another connection is checkpointing).
    /// The corresponding C function is `sqlite3_wal_checkpoint_v2`.
    @discardableResult
    package func checkpoint() throws(SQLiteError) -> (frames: Int, checkpointed: Int) {
        var frames: Int32 = 0
        var checkpointed: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, &checkpointed)
        guard rc == SQLITE_OK else { throw error(rc) }
        return (Int(frames), Int(checkpointed))
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc) }
        statements[sql] = statement
        return statement
    }

    private func error(_ rc: Int32) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        return SQLiteError(
            SQLiteError.Code(resultCode: extended), resultCode: extended,
            message: String(cString: sqlite3_errmsg(handle)))
    }

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(cString: text))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}

@available(*, unavailable)
extension SQLiteConnection: Sendable {}

/// The closure behind a connection's WAL hook, kept alive by the connection.
private final class WALHook {
    let decide: (Int) -> Bool
    init(_ decide: @escaping (Int) -> Bool) { self.decide = decide }
}
