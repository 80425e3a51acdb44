package import FoundationEssentials

/// ``SettingsStore`` on PostgreSQL or SQLite (the `user_settings` table).
package struct SQLSettingsStore: SettingsStore {
    private let database: any SQLDatabase
    private let now: @Sendable () -> Date

    /// Makes a store over `database`.
    package init(database: any SQLDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// ``SettingsStore/settings`` on this backend; see the protocol for the contract.
    package func settings(userID: String) async throws -> UserSettings? {
        try await database.read { executor in
            try executor.query("SELECT user_id, time_zone, updated_at FROM user_settings WHERE user_id = $1", [.text(userID)])
                .first.map { row in
                    UserSettings(
                        userID: try row.string(0).required("user_id"), timeZone: try row.string(1),
                        updatedAt: try row.date(2).required("updated_at"))
                }
        }
    }

    /// ``SettingsStore/save`` on this backend; see the protocol for the contract.
    package func save(_ settings: UserSettings) async throws -> UserSettings {
        var settings = settings
        settings.updatedAt = now()
        let saved = settings
        try await database.transaction { executor in
            _ = try executor.execute(
                """
                INSERT INTO user_settings (user_id, time_zone, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone, updated_at = excluded.updated_at
                """, [.text(saved.userID), .optional(saved.timeZone, SQLValue.text), .date(saved.updatedAt)])
        }
        return saved
    }
}
