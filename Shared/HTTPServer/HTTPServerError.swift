/// An error of the HTTP server's own machinery (binding, threads, closed connections).
package struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Hashable { case bindFailed, systemFailure, connectionClosed }
        private let value: Value

        /// The address could not be bound or listened on.
        package static let bindFailed = Code(value: .bindFailed)
        /// A kernel resource (epoll, eventfd, thread) could not be created.
        package static let systemFailure = Code(value: .systemFailure)
        /// The connection was closed before the operation completed.
        package static let connectionClosed = Code(value: .connectionClosed)

        /// The code's name.
        package var description: String { "\(value)" }
    }

    /// The kind of failure.
    package let code: Code
    /// What went wrong, for logs and error bodies.
    package let message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    package var description: String { "HTTPServerError.\(code): \(message)" }
}
