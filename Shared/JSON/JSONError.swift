/// What a ``JSONScanner`` throws: a target's own error type, made from the byte offset and what was wrong there, so
/// a reader keeps its typed throws (CloudEvents throws `CloudEventError`, the runtime ``JSONError``).
package protocol JSONScanFailure: Error {
    /// The failure at byte `offset` of the input, with `message` saying what was expected or found.
    init(jsonOffset offset: Int, message: String)
}

/// Bytes that are not one JSON value.
package struct JSONError: JSONScanFailure, Sendable, CustomStringConvertible {
    /// The byte offset where reading failed.
    package var offset: Int
    /// What was wrong there.
    package var message: String

    /// Creates the error at byte `offset`.
    package init(jsonOffset offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// Whether reading failed because the input nests deeper than ``JSONScanner/maxDepth``.
    package var isTooDeep: Bool { message.hasPrefix("nesting deeper than") }

    /// `"invalid JSON at byte N: message"`.
    package var description: String { "invalid JSON at byte \(offset): \(message)" }
}
