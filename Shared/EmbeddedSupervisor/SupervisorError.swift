/// Why the supervisor could not give a request to a function.
package struct SupervisorError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String { case unknownFunction, notBuilt, spawnFailed, notReady, shutDown }
        private let kind: Kind
        /// No function of that name is in the table.
        package static let unknownFunction = Code(kind: .unknownFunction)
        /// The function's executable does not exist (not built).
        package static let notBuilt = Code(kind: .notBuilt)
        /// `posix_spawn` (or the pipes, or picking a port) failed.
        package static let spawnFailed = Code(kind: .spawnFailed)
        /// The function exited or did not answer `/health/readiness` in time.
        package static let notReady = Code(kind: .notReady)
        /// The supervisor is shutting down.
        package static let shutDown = Code(kind: .shutDown)
        /// The code's name, e.g. `notReady`.
        package var description: String { kind.rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// What happened, naming the function.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `supervisor <code>: <message>`.
    package var description: String { "supervisor \(code): \(message)" }
}
