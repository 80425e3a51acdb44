/// The typed payload (`data`) of one catalogue event.
///
/// ```swift
/// let event = try factory.makeEvent(TaskCreated(task: task))
/// let payload = try event.todoPayload(TaskCreated.self)
/// ```
package protocol TodoEventPayload: Codable, Sendable, Equatable {
    /// The catalogue entry: type string, topic, source.
    static var eventType: TodoEventType { get }
    /// The task the event is about (the CloudEvents `subject`).
    var taskId: String { get }
    /// The owner (the pub/sub partition key, so one user's events stay in order).
    var userId: String { get }
}
