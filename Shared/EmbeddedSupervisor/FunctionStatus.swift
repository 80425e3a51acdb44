/// What the supervisor knows about one function right now.
package struct FunctionStatus: Sendable, Equatable {
    /// The process id while a process is running (or starting), else nil.
    package var pid: Int32?
    /// The port it listens on while running, else nil.
    package var port: Int?
    /// Whether it has answered its readiness probe since it was started.
    package var isReady: Bool
    /// Requests being forwarded to it now.
    package var inFlight: Int
    /// Processes started for it so far.
    package var starts: Int
    /// Unexpected exits since it last ran healthily.
    package var consecutiveCrashes: Int
}
