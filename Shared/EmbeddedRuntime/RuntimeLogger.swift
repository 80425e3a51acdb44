import Glibc

/// The runtime's log lines on standard error (`dapr: <level> <message>`), below a minimum level.
package struct RuntimeLogger: Sendable {
    /// Severity, in increasing order.
    package enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error
        /// Orders levels by severity.
        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Lines below this level are skipped.
    package var minimumLevel: Level

    /// Creates a logger.
    package init(minimumLevel: Level = .info) { self.minimumLevel = minimumLevel }

    /// Logs at debug level.
    package func debug(_ message: @autoclosure () -> String) { write(.debug, message) }
    /// Logs at info level.
    package func info(_ message: @autoclosure () -> String) { write(.info, message) }
    /// Logs at warning level.
    package func warning(_ message: @autoclosure () -> String) { write(.warning, message) }
    /// Logs at error level.
    package func error(_ message: @autoclosure () -> String) { write(.error, message) }

    private func write(_ level: Level, _ message: () -> String) {
        guard level >= minimumLevel else { return }
        let line = "dapr: \(level) \(message())\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
