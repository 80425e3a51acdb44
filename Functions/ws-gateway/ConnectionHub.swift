import Glibc
import LiveUpdates
import Synchronization
import WebSocket

/// The connections of this replica by user. A push encodes its frame once and offers it to every connection of
/// the user; each offer only queues bytes, so one slow connection never holds up the others.
final class ConnectionHub: Sendable {
    private struct State {
        var users: [String: [ObjectIdentifier: LiveConnection]] = [:]
    }

    private let state = Mutex(State())
    /// Called with a user whose first connection on this replica opened, or whose last one closed.
    private let presenceChanged: @Sendable (String, Bool) -> Void

    init(presenceChanged: @escaping @Sendable (String, Bool) -> Void = { _, _ in }) {
        self.presenceChanged = presenceChanged
    }

    /// Registers a connection (before its history is read, so nothing pushed meanwhile is missed).
    func add(_ connection: LiveConnection) {
        let first = state.withLock { state in
            let isFirst = state.users[connection.userID]?.isEmpty ?? true
            state.users[connection.userID, default: [:]][ObjectIdentifier(connection)] = connection
            return isFirst
        }
        if first { presenceChanged(connection.userID, true) }
    }

    /// Forgets a connection.
    func remove(_ connection: LiveConnection) {
        let last = state.withLock { state -> Bool in
            guard var connections = state.users[connection.userID] else { return false }
            connections[ObjectIdentifier(connection)] = nil
            state.users[connection.userID] = connections.isEmpty ? nil : connections
            return connections.isEmpty
        }
        if last { presenceChanged(connection.userID, false) }
    }

    /// Delivers `event` to every connection of `userID` here; returns how many there are.
    @discardableResult
    func deliver(_ event: LiveEvent, to userID: String) -> Int {
        let connections = state.withLock { Array(($0.users[userID] ?? [:]).values) }
        guard !connections.isEmpty else { return 0 }
        let frame = WebSocketFrameEncoder.encode(.text, payload: LiveFrames.event(event))
        for connection in connections { connection.offer(seq: event.seq, frame: frame) }
        return connections.count
    }

    /// The users with a connection here.
    var users: [String] { state.withLock { Array($0.users.keys) } }

    /// Open connections here.
    var connectionCount: Int { state.withLock { $0.users.values.reduce(0) { $0 + $1.count } } }

    /// Runs the idle and expiry checks every `interval` until cancelled.
    func runTicks(interval: Duration, holdTimeout: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let all = state.withLock { $0.users.values.flatMap(\.values) }
            let now = Int64(time(nil))
            for connection in all { connection.tick(nowSeconds: now, holdTimeout: holdTimeout) }
        }
    }
}
