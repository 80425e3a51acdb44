import EmbeddedIngress
import Synchronization

/// The supervisor's channel, bound after the runtime has started (the runtime's ports go into the supervisor's
/// table, and the runtime needs a channel first).
final class ChannelBox: Sendable {
    private let supervisor = Mutex<Supervisor?>(nil)

    /// Sets the supervisor that answers from now on.
    func bind(_ value: Supervisor) { supervisor.withLock { $0 = value } }

    /// An `AppChannel` that forwards to the bound supervisor (503-style `SupervisorError` before binding).
    var channel: EmbeddedIngress.AppChannel {
        { [self] appID, request in
            guard let bound = supervisor.withLock({ $0 }) else {
                throw SupervisorError(.shutDown, "the supervisor is not running yet")
            }
            return try await bound.forward(appID, request)
        }
    }
}
