package import FunctionRuntime
import Synchronization

/// A log handler that keeps every record in memory, for tests to inspect.
///
/// ```swift
/// let logs = TestLogHandler()
/// let context = FunctionContext.forTesting(logger: Logger(label: "test", level: .debug, handler: logs))
/// _ = try await handler.handle(request, context: context)
/// #expect(logs.messages == ["Audit entry stored"])
/// ```
package final class TestLogHandler: LogHandler {
    private let storage = Mutex<[LogRecord]>([])

    /// Creates an empty handler.
    package init() {}

    /// Keeps the record.
    package func log(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
    }

    /// Every record so far, in order.
    package var records: [LogRecord] { storage.withLock { $0 } }

    /// Every message so far, in order.
    package var messages: [String] { records.map(\.message) }

    /// A logger writing here, at `level`.
    package func logger(label: String = "test", level: Logger.Level = .trace) -> Logger {
        Logger(label: label, level: level, handler: self)
    }

    /// Forgets every record.
    package func clear() {
        storage.withLock { $0.removeAll() }
    }
}
