package import FoundationEssentials
import Synchronization

/// A write that commits in the transaction of the task change it belongs to: all of them or none (issue 13: a chat
/// turn and the change it asked for, so there is never a turn without its task or a task without its turn).
///
/// It is bound for one request's work with `TaskChangeCompanion.$current.withValue(companion) { … }`; the first
/// task change made in that scope (``TaskStore/create(_:events:)``, ``TaskStore/create(_:rule:reminders:events:)``,
/// ``TaskStore/modify(id:userID:expectedVersion:_:)`` and what calls them) takes it and calls `write` last in its
/// transaction, with the task as that transaction leaves it and the transaction's clock. ``committed`` then tells
/// the caller whether it has to write the turn on its own (a request refused before any change).
///
/// ```swift
/// let companion = TaskChangeCompanion { task, now, executor in
///     try SQLConversationStore.write(turn(for: task), state: state, conversationID: id, userID: user, at: now, into: executor)
/// }
/// try await TaskChangeCompanion.$current.withValue(companion) { try await handle(request) }
/// if !companion.committed { try await conversations.record(…) }
/// ```
package final class TaskChangeCompanion: Sendable {
    /// What to write: called inside the change's transaction (maybe more than once, when the transaction is run
    /// again), so it must only write to `executor`.
    package typealias Write = @Sendable (_ task: TaskRecord, _ now: Date, _ executor: any SQLExecutor) throws -> Void

    /// The companion of the task change the current task makes next, if any.
    @TaskLocal package static var current: TaskChangeCompanion?

    private let write: Write
    private let taken = Atomic<Bool>(false)
    private let done = Atomic<Bool>(false)

    /// Makes a companion that writes with `write`.
    package init(_ write: @escaping Write) { self.write = write }

    /// Whether a task change committed it.
    package var committed: Bool { done.load(ordering: .acquiring) }

    /// The bound companion, if no change has taken it yet (it is taken now: one change writes it).
    static func take() -> TaskChangeCompanion? {
        guard let companion = current, !companion.taken.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        return companion
    }

    /// Writes it in the change's transaction.
    func write(_ task: TaskRecord, at now: Date, into executor: any SQLExecutor) throws { try write(task, now, executor) }

    /// Runs the change's transaction `work` (which writes `companion`, if any) and notes when it committed.
    static func committing<T>(_ companion: TaskChangeCompanion?, _ work: () async throws -> T) async throws -> T {
        let value = try await work()
        companion?.done.store(true, ordering: .releasing)
        return value
    }
}
