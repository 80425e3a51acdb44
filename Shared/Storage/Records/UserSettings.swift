package import FoundationEssentials

/// A user's settings.
package struct UserSettings: Sendable, Hashable {
    /// The owner.
    package var userID: String
    /// The IANA zone relative dates are read in (the chat's "tomorrow"), nil for UTC.
    package var timeZone: String?
    /// When they last changed.
    package var updatedAt: Date

    /// Makes settings.
    package init(userID: String, timeZone: String?, updatedAt: Date) {
        self.userID = userID
        self.timeZone = timeZone
        self.updatedAt = updatedAt
    }
}
