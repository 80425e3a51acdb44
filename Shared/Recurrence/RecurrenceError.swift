/// A recurrence rule that cannot be used, with a message fit for a 400 response or the command line.
package struct RecurrenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    package var message: String

    /// Creates an error.
    package init(_ message: String) { self.message = message }

    /// The message.
    package var description: String { message }
}
