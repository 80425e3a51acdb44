import FoundationEssentials
package import SQLiteClient

/// The embedded key-value store every `state.*` component maps to, with `state.in-memory`'s semantics: a new
/// UUID ETag on every write, ETag checks (a given ETag must equal the current one; a missing key never matches),
/// `first-write` without an ETag fails on an existing key, and `ttlInSeconds` expiry.
package struct StateStore: Sendable {
    private let database: SQLiteDatabase

    /// Wraps the runtime database.
    package init(database: SQLiteDatabase) { self.database = database }

    /// A stored value.
    package struct Item: Sendable, Hashable {
        /// The value bytes (compact JSON).
        package var value: [UInt8]
        /// The current ETag.
        package var etag: String
        /// Expiry in seconds since 1970, if the item has a TTL.
        package var expiresAt: Double?
    }

    /// One write of a save or a transaction, on an already prefixed key.
    package enum Operation: Sendable {
        /// Upsert with optional ETag, `first-write` flag and TTL (seconds; nil or -1 = never).
        case upsert(key: String, value: [UInt8], etag: String?, firstWrite: Bool, ttlSeconds: Int?)
        /// Delete with optional ETag and `first-write` flag.
        case delete(key: String, etag: String?, firstWrite: Bool)
    }

    /// Why a write failed.
    package enum Failure: Error, Sendable {
        /// The ETag did not match (daprd: 409, or 500 in a transaction).
        case etagMismatch(key: String)
    }

    /// The live item at `key` of `store`, or nil (expired items read as missing).
    /// - Throws: `SQLiteError`.
    package func get(store: String, key: String) async throws -> Item? {
        let now = Date().timeIntervalSince1970
        return try await database.read { connection in
            guard
                let row = try connection.query(
                    "SELECT value, etag, expires_at FROM state WHERE store = ?1 AND key = ?2", [.text(store), .text(key)]
                ).first
            else { return nil }
            let expiresAt = row[2].real
            if let expiresAt, expiresAt <= now { return nil }
            return Item(value: row[0].blob ?? [], etag: row[1].text ?? "", expiresAt: expiresAt)
        }
    }

    /// Applies `operations` atomically: all succeed or none is applied.
    /// - Throws: `Failure.etagMismatch` or `SQLiteError`.
    package func apply(store: String, _ operations: [Operation]) async throws {
        let now = Date().timeIntervalSince1970
        _ = try await database.write { connection in
            for operation in operations {
                switch operation {
                case .upsert(let key, let value, let etag, let firstWrite, let ttlSeconds):
                    try check(connection, store: store, key: key, etag: etag, firstWrite: firstWrite, now: now)
                    let expiresAt: SQLiteValue =
                        if let ttlSeconds, ttlSeconds >= 0 { .real(now + Double(ttlSeconds)) } else { .null }
                    try connection.query(
                        """
                        INSERT INTO state(store, key, value, etag, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT(store, key) DO UPDATE SET value = excluded.value, etag = excluded.etag,
                            expires_at = excluded.expires_at
                        """,
                        [.text(store), .text(key), .blob(value), .text(RandomUUID.text()), expiresAt])
                case .delete(let key, let etag, let firstWrite):
                    try check(connection, store: store, key: key, etag: etag, firstWrite: firstWrite, now: now)
                    try connection.query("DELETE FROM state WHERE store = ?1 AND key = ?2", [.text(store), .text(key)])
                }
            }
        }
    }

    /// Deletes expired rows (called now and then; reads already hide them).
    /// - Throws: `SQLiteError`.
    package func purgeExpired() async throws {
        let now = Date().timeIntervalSince1970
        _ = try await database.write { connection in
            try connection.query("DELETE FROM state WHERE expires_at IS NOT NULL AND expires_at <= ?1", [.real(now)])
        }
    }

    private func check(
        _ connection: SQLiteConnection, store: String, key: String, etag: String?, firstWrite: Bool, now: Double
    ) throws {
        guard etag != nil || firstWrite else { return }
        let current = try connection.query(
            "SELECT etag, expires_at FROM state WHERE store = ?1 AND key = ?2", [.text(store), .text(key)]
        ).first.flatMap { row -> String? in
            if let expiresAt = row[1].real, expiresAt <= now { return nil }
            return row[0].text
        }
        if let etag {
            guard current == etag else { throw Failure.etagMismatch(key: key) }
        } else if current != nil {
            throw Failure.etagMismatch(key: key)
        }
    }
}
