/// Where a `Logger`'s records go: stderr as JSON lines in production, memory in tests.
///
/// The logger has already filtered by level and merged metadata; a handler only writes.
///
/// ```swift
/// struct PrintLogHandler: LogHandler {
///     func log(_ record: LogRecord) { print(record.level, record.message, record.metadata) }
/// }
/// let logger = Logger(label: "demo", handler: PrintLogHandler())
/// ```
package protocol LogHandler: Sendable {
    /// Writes one record.
    func log(_ record: LogRecord)
}

/// One log event as a handler receives it.
package struct LogRecord: Sendable {
    /// The severity.
    package var level: Logger.Level
    /// The message.
    package var message: String
    /// The logger's metadata merged with the call's.
    package var metadata: Logger.Metadata
    /// The logger's label.
    package var label: String

    /// Creates a record.
    package init(level: Logger.Level, message: String, metadata: Logger.Metadata, label: String) {
        self.level = level
        self.message = message
        self.metadata = metadata
        self.label = label
    }
}

/// A handler that drops every record: the default, so libraries can log without a configured logger.
package struct NoOpLogHandler: LogHandler {
    /// Creates the handler.
    package init() {}
    /// Does nothing.
    package func log(_ record: LogRecord) {}
}
