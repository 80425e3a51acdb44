package import SQLiteClient

/// The runtime's one SQLite file (`<data>/dapr.sqlite`, WAL): the pub/sub log and consumer positions, the state
/// store, and the cached programmatic subscriptions.
///
/// Durability: `SQLiteClient` runs WAL with `synchronous = NORMAL`. A commit is in the WAL file (the OS page cache)
/// when `write` returns, so killing the process (`kill -9`, a crash) loses nothing that was acknowledged; only an
/// OS crash or power loss can drop the last transactions before the next checkpoint's fsync. That is the issue's
/// "nothing already accepted is lost" for the failure a development machine sees, at ~44k commits/s instead of
/// ~10k with `FULL`.
package enum RuntimeDatabase {
    /// Opens (creating if needed) the database at `path` with the runtime's schema.
    /// - Throws: `SQLiteError`.
    package static func open(path: String) async throws -> SQLiteDatabase {
        let database = try await SQLiteDatabase.open(path: path, readerCount: 2)
        do {
            try await database.withWriter { connection in try connection.execute(schema) }
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    private static let schema = """
        CREATE TABLE IF NOT EXISTS pubsub_log(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, pubsub TEXT NOT NULL, topic TEXT NOT NULL,
            partition_key TEXT, body BLOB NOT NULL, traceparent TEXT, tracestate TEXT, expires_at REAL,
            raw INTEGER NOT NULL DEFAULT 0, published_at REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS pubsub_log_topic ON pubsub_log(pubsub, topic, seq);
        CREATE TABLE IF NOT EXISTS pubsub_positions(
            app_id TEXT NOT NULL, pubsub TEXT NOT NULL, topic TEXT NOT NULL, position INTEGER NOT NULL,
            PRIMARY KEY(app_id, pubsub, topic)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS pubsub_dropped(
            app_id TEXT NOT NULL, pubsub TEXT NOT NULL, topic TEXT NOT NULL, seq INTEGER NOT NULL,
            reason TEXT NOT NULL, dropped_at REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS app_subscriptions(
            app_id TEXT PRIMARY KEY, body BLOB NOT NULL, fetched_at REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS state(
            store TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, etag TEXT NOT NULL, expires_at REAL,
            PRIMARY KEY(store, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS runtime_metadata(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
}
