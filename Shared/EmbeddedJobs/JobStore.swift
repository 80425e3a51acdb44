import SQLiteClient

/// The durable side of the engine: jobs in a SQLite file (WAL), keyed by (app ID, name), with an index on the next
/// trigger time, plus a table of triggers that were given up. Every change is committed before it is acknowledged.
final class JobStore: Sendable {
    private let database: SQLiteDatabase

    private init(database: SQLiteDatabase) { self.database = database }

    /// Opens (creating if needed) the store at `path`.
    static func open(path: String) async throws -> JobStore {
        let database = try await SQLiteDatabase.open(path: path)
        do {
            try await database.withWriter { connection in
                try connection.execute(
                    """
                    CREATE TABLE IF NOT EXISTS jobs (
                        app_id TEXT NOT NULL, name TEXT NOT NULL,
                        schedule TEXT, due_time TEXT, repeats INTEGER, ttl TEXT, data TEXT,
                        policy_max_retries INTEGER, policy_interval_ns INTEGER, overwrite INTEGER NOT NULL,
                        created_us INTEGER NOT NULL, fire_count INTEGER NOT NULL, last_fire_us INTEGER,
                        next_fire_us INTEGER, generation INTEGER NOT NULL,
                        PRIMARY KEY (app_id, name)) WITHOUT ROWID;
                    CREATE INDEX IF NOT EXISTS jobs_by_next_fire ON jobs(next_fire_us) WHERE next_fire_us IS NOT NULL;
                    CREATE TABLE IF NOT EXISTS job_failures (
                        app_id TEXT NOT NULL, name TEXT NOT NULL, tick_us INTEGER NOT NULL, attempts INTEGER NOT NULL,
                        reason TEXT NOT NULL, recorded_us INTEGER NOT NULL);
                    DELETE FROM jobs WHERE next_fire_us IS NULL;
                    """)
            }
        } catch {
            await database.close()
            throw error
        }
        return JobStore(database: database)
    }

    func close() async { await database.close() }

    /// Every stored job (including finished ones that still await deletion), in next-trigger order.
    func loadAll() async throws -> [JobRecord] {
        let rows = try await database.read { connection in
            try connection.query(
                """
                SELECT app_id, name, schedule, due_time, repeats, ttl, data, policy_max_retries, policy_interval_ns,
                    overwrite, created_us, fire_count, last_fire_us, next_fire_us, generation
                FROM jobs ORDER BY next_fire_us
                """)
        }
        return rows.compactMap { row in
            let definition = JobDefinition(
                name: row[1].text ?? "", schedule: row[2].text, dueTime: row[3].text, repeats: row[4].integer.map(Int.init),
                ttl: row[5].text, data: row[6].text,
                failurePolicy: JobFailurePolicy(
                    maxRetries: row[7].integer.map(Int.init), intervalNanoseconds: row[8].integer),
                overwrite: row[9].integer == 1)
            let key = JobKey(appID: row[0].text ?? "", name: definition.name)
            guard let created = row[10].integer, let generation = row[14].integer,
                var record = try? JobRecord(key: key, definition: definition, createdMicros: created, generation: generation)
            else { return nil }
            record.count = Int(row[11].integer ?? 0)
            record.lastFireMicros = row[12].integer
            record.nextFireMicros = row[13].integer
            return record
        }
    }

    /// The highest generation stored (0 when empty).
    func maximumGeneration() async throws -> Int64 {
        try await database.read { try $0.query("SELECT COALESCE(MAX(generation), 0) FROM jobs")[0][0].integer ?? 0 }
    }

    /// Stores a new job; when `replace` is false and the key exists, stores nothing and returns false.
    func insert(_ record: JobRecord, replace: Bool) async throws -> Bool {
        let d = record.definition
        let binds: [SQLiteValue] = [
            .text(record.key.appID), .text(record.key.name), text(d.schedule), text(d.dueTime), integer(d.repeats),
            text(d.ttl), text(d.data), integer(d.failurePolicy.maxRetries),
            d.failurePolicy.intervalNanoseconds.map { .integer($0) } ?? .null,
            .integer(d.overwrite ? 1 : 0), .integer(record.createdMicros), .integer(Int64(record.count)),
            record.lastFireMicros.map { .integer($0) } ?? .null, record.nextFireMicros.map { .integer($0) } ?? .null,
            .integer(record.generation),
        ]
        let verb = replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE"
        return try await database.write { connection in
            _ = try connection.query(
                """
                \(verb) INTO jobs (app_id, name, schedule, due_time, repeats, ttl, data, policy_max_retries,
                    policy_interval_ns, overwrite, created_us, fire_count, last_fire_us, next_fire_us, generation)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                """, binds)
            return connection.changes > 0
        }
    }

    /// Deletes a job; deleting a missing one is not an error.
    func delete(_ key: JobKey) async throws {
        try await database.write { connection in
            _ = try connection.query("DELETE FROM jobs WHERE app_id = ?1 AND name = ?2", [.text(key.appID), .text(key.name)])
        }
    }

    /// Records a finished tick: the new position, or the deletion of a job with no tick left; with `failure`, also
    /// the trigger that was given up. Does nothing if the job was replaced or deleted meanwhile (another generation).
    func advance(_ record: JobRecord, failure: (tick: Int64, attempts: Int, reason: String)?, now: Int64) async throws {
        let key: [SQLiteValue] = [.text(record.key.appID), .text(record.key.name), .integer(record.generation)]
        try await database.write { connection in
            if let next = record.nextFireMicros {
                _ = try connection.query(
                    """
                    UPDATE jobs SET fire_count = ?4, last_fire_us = ?5, next_fire_us = ?6
                    WHERE app_id = ?1 AND name = ?2 AND generation = ?3
                    """,
                    key + [.integer(Int64(record.count)), record.lastFireMicros.map { .integer($0) } ?? .null, .integer(next)])
            } else {
                _ = try connection.query("DELETE FROM jobs WHERE app_id = ?1 AND name = ?2 AND generation = ?3", key)
            }
            if let failure {
                _ = try connection.query(
                    "INSERT INTO job_failures (app_id, name, tick_us, attempts, reason, recorded_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    [
                        key[0], key[1], .integer(failure.tick), .integer(Int64(failure.attempts)), .text(failure.reason),
                        .integer(now),
                    ])
            }
        }
    }

    /// Given-up triggers of an app's job, oldest first: (tick µs, attempts, reason).
    func failures(of key: JobKey) async throws -> [(tick: Int64, attempts: Int, reason: String)] {
        try await database.read { connection in
            try connection.query(
                "SELECT tick_us, attempts, reason FROM job_failures WHERE app_id = ?1 AND name = ?2 ORDER BY rowid",
                [.text(key.appID), .text(key.name)]
            ).map { ($0[0].integer ?? 0, Int($0[1].integer ?? 0), $0[2].text ?? "") }
        }
    }

    private func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    private func integer(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }
}
