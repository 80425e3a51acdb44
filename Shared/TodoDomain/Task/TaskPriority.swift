/// How important a task is; unknown values decode and pass through.
package struct TaskPriority: RawRepresentable, Codable, Hashable, Sendable {
    /// The wire value.
    package var rawValue: String
    /// Creates a priority from its wire value.
    package init(rawValue: String) { self.rawValue = rawValue }

    /// No priority set.
    package static let none = TaskPriority(rawValue: "none")
    /// Low.
    package static let low = TaskPriority(rawValue: "low")
    /// Medium.
    package static let medium = TaskPriority(rawValue: "medium")
    /// High.
    package static let high = TaskPriority(rawValue: "high")
}
