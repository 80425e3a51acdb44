/// The lifecycle state of a task; unknown values decode and pass through.
package struct TaskStatus: RawRepresentable, Codable, Hashable, Sendable {
    /// The wire value.
    package var rawValue: String
    /// Creates a status from its wire value.
    package init(rawValue: String) { self.rawValue = rawValue }

    /// Open.
    package static let pending = TaskStatus(rawValue: "pending")
    /// Done.
    package static let completed = TaskStatus(rawValue: "completed")
    /// Removed (kept for audit and replay).
    package static let deleted = TaskStatus(rawValue: "deleted")
}
