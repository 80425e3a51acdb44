/// A structured logger in swift-log's shape: a label, a level, metadata and a handler that writes records.
///
/// Messages are constant strings; data goes in dotted lowercase metadata keys. Both are autoclosures, so a call
/// below the logger's level costs one comparison.
///
/// ```swift
/// context.logger.info("Published event", metadata: ["ce.id": "\(event.id)", "ce.type": "\(event.type)"])
/// ```
package struct Logger: Sendable {
    /// Severity, from most to least verbose.
    package enum Level: String, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace, debug, info, notice, warning, error, critical

        private var rank: Int { Level.allCases.firstIndex(of: self) ?? 0 }

        /// Whether `lhs` is less severe than `rhs`.
        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }

        /// The level's name, as in `LOG_LEVEL`.
        package var description: String { rawValue }
    }

    /// Key-value pairs attached to a record.
    package typealias Metadata = [String: MetadataValue]

    /// The logger's name (the function or library it belongs to).
    package var label: String
    /// Records below this level are dropped before their message is built.
    package var logLevel: Level
    /// Metadata attached to every record of this logger.
    package var metadata: Metadata
    /// Where records go.
    package var handler: any LogHandler

    /// Creates a logger.
    /// - Parameters:
    ///   - label: its name.
    ///   - level: the minimum level written (default `.info`).
    ///   - metadata: metadata for every record.
    ///   - handler: where records go (default: nowhere).
    package init(
        label: String, level: Level = .info, metadata: Metadata = [:], handler: any LogHandler = NoOpLogHandler()
    ) {
        self.label = label
        self.logLevel = level
        self.metadata = metadata
        self.handler = handler
    }

    /// Gets or sets one metadata value.
    package subscript(metadataKey key: String) -> MetadataValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Whether a record at `level` would be written.
    package func isEnabled(_ level: Level) -> Bool { level >= logLevel }

    /// Writes a record at `level` when the logger's level lets it through.
    /// - Parameters:
    ///   - level: the record's severity.
    ///   - message: a constant message, evaluated only when written.
    ///   - metadata: the record's own metadata, merged over the logger's; evaluated only when written.
    package func log(
        level: Level, _ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil
    ) {
        guard level >= logLevel else { return }
        var merged = self.metadata
        if let extra = metadata() { merged.merge(extra) { _, new in new } }
        handler.log(LogRecord(level: level, message: message(), metadata: merged, label: label))
    }

    /// Writes a `trace` record.
    package func trace(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .trace, message(), metadata: metadata())
    }

    /// Writes a `debug` record.
    package func debug(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .debug, message(), metadata: metadata())
    }

    /// Writes an `info` record.
    package func info(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .info, message(), metadata: metadata())
    }

    /// Writes a `notice` record.
    package func notice(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .notice, message(), metadata: metadata())
    }

    /// Writes a `warning` record.
    package func warning(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .warning, message(), metadata: metadata())
    }

    /// Writes an `error` record.
    package func error(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .error, message(), metadata: metadata())
    }

    /// Writes a `critical` record.
    package func critical(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .critical, message(), metadata: metadata())
    }
}
