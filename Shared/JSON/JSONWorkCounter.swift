import Synchronization

/// Counts the ``JSONValue`` parses and serialisations done inside a task (and the tasks it starts), for the tests
/// and benchmarks that show how often a path reads and writes an event. Off (a nil task-local) unless bound.
///
/// ```swift
/// let counter = JSONWorkCounter()
/// await JSONWorkCounter.$current.withValue(counter) { await publish(...) }
/// #expect(counter.parses == 1 && counter.serialisations == 1)
/// ```
package final class JSONWorkCounter: Sendable {
    /// The counter of the current task, if one is bound.
    @TaskLocal package static var current: JSONWorkCounter?

    private let parseCount = Atomic<Int>(0)
    private let serialisationCount = Atomic<Int>(0)

    /// Creates a counter at zero.
    package init() {}

    /// How many documents were parsed.
    package var parses: Int { parseCount.load(ordering: .relaxed) }
    /// How many values were serialised (a whole value, however nested, counts once).
    package var serialisations: Int { serialisationCount.load(ordering: .relaxed) }

    func countParse() { parseCount.add(1, ordering: .relaxed) }
    func countSerialisation() { serialisationCount.add(1, ordering: .relaxed) }
}
