package import FoundationEssentials
import TodoDomain

extension TaskStore {
    /// Flips a task between pending and completed (the REST toggle, the chat's `complete_task`).
    ///
    /// With `expectedVersion` the flip applies only to that version (`.versionConflict` otherwise). Without it, a
    /// change that lands between the read and the write is not an error: the toggle reads again and flips the new
    /// state, up to three times.
    /// - Parameters:
    ///   - id: the task.
    ///   - userID: its owner.
    ///   - expectedVersion: the version the caller saw (`If-Match`), or nil.
    ///   - events: the outbox events for the flipped task.
    /// - Returns: the task after the flip.
    /// - Throws: ``StorageError`` `.notFound` (also for a deleted task) or `.versionConflict`.
    package func toggleCompleted(
        id: UUID, userID: String, expectedVersion: Int64?, events: @escaping OutboxEvents<TaskRecord>
    ) async throws -> TaskRecord {
        var attempt = 0
        while true {
            guard let current = try await get(id: id, userID: userID), current.status != .deleted else {
                throw StorageError(.notFound, message: "no task \(id.uuidString.lowercased())")
            }
            do {
                return try await setCompleted(
                    id: id, userID: userID, completed: current.status != .completed,
                    expectedVersion: expectedVersion ?? current.version, events: events)
            } catch let error as StorageError where error.code == .versionConflict && expectedVersion == nil && attempt < 3 {
                attempt += 1
            }
        }
    }
}
