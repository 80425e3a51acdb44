/// Stores each user's settings (one row per user).
///
/// ```swift
/// _ = try await settings.save(UserSettings(userID: "alice", timeZone: "Europe/Paris", updatedAt: Date()))
/// let zone = try await settings.settings(userID: "alice")?.timeZone   // "Europe/Paris"
/// ```
package protocol SettingsStore: Sendable {
    /// The user's settings, nil when never saved.
    func settings(userID: String) async throws -> UserSettings?

    /// Saves the user's settings (insert or replace), stamping `updatedAt`.
    func save(_ settings: UserSettings) async throws -> UserSettings
}
