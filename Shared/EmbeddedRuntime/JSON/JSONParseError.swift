/// Bytes that are not one JSON value.
package struct JSONParseError: Error, Sendable, CustomStringConvertible {
    /// The byte offset where parsing failed.
    package var offset: Int
    /// What was expected.
    package var message: String

    /// `"invalid JSON at byte N: message"`.
    package var description: String { "invalid JSON at byte \(offset): \(message)" }
}
