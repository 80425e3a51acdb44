import FunctionRuntime

/// The relay runs as a service of its function's server: started with it, drained (the pass under way finished and
/// marked sent, one more pass for the last commits) once the server has stopped on SIGTERM.
extension OutboxRelayWorker: FunctionService {
    /// `outbox-relay`, in log lines.
    package var serviceName: String { "outbox-relay" }
}
