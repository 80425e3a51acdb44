import HTTPTypes
import Synchronization

/// What every loop of one server shares: the responder, the upgrader, limits in loop units, counters.
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let upgrader: (any HTTPUpgrader)?
    let headTimeout: UInt64
    let bodyTimeout: UInt64
    let idleTimeout: UInt64
    /// How long a connection that got an error response may keep sending before it is closed.
    let lingerTimeout: UInt64
    /// How often each loop checks deadlines.
    let tick: UInt64
    /// Open connections across the loops.
    let activeConnections = Atomic<Int>(0)
    /// The per-client and descriptor limits on new connections.
    let admission: ConnectionAdmission
    /// The shared listening socket and how many loops still watch it; the last to let go closes it.
    private let listener = Mutex<(fd: Int32, watchers: Int)>((-1, 0))

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder, upgrader: (any HTTPUpgrader)?) {
        self.configuration = configuration
        self.responder = responder
        self.upgrader = upgrader
        admission = ConnectionAdmission(configuration: configuration)
        headTimeout = max(configuration.headTimeout.nanoseconds, 1_000_000)
        bodyTimeout = max(configuration.bodyTimeout.nanoseconds, 1_000_000)
        idleTimeout = max(configuration.idleTimeout.nanoseconds, 1_000_000)
        lingerTimeout = min(2_000_000_000, headTimeout)
        let shortest = min(headTimeout, bodyTimeout, idleTimeout)
        tick = min(max(shortest / 8, 5_000_000), 250_000_000)
    }

    /// Records the listener that `watchers` loops are about to watch.
    func setListener(_ fd: Int32, watchers: Int) {
        listener.withLock { $0 = (fd, watchers) }
    }

    /// A loop stopped watching the listener; the last one closes it, so new connections are refused.
    func releaseListener() {
        let closing = listener.withLock { listener -> Int32? in
            guard listener.watchers > 0 else { return nil }
            listener.watchers -= 1
            return listener.watchers == 0 ? listener.fd : nil
        }
        if let closing { Socket.close(closing) }
    }
}
