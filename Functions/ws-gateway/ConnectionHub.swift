import Glibc
import HTTPServer
import LiveUpdates
import Synchronization
import WebSocket

/// The connections of this replica by user. A push encodes its frame once and queues the same bytes on every
/// connection of the user (one hop per event loop); queueing never waits, so one slow connection never holds up
/// the others. A user's pushes are delivered one at a time, so each connection gets them in the order decided.
final class ConnectionHub: Sendable {
    /// One user's connections here, and the lock that orders that user's deliveries.
    private final class UserConnections: Sendable {
        let connections = Mutex<[ObjectIdentifier: LiveConnection]>([:])
        let delivery = Mutex(())
    }

    private let users = Mutex<[String: UserConnections]>([:])
    /// Called with a user whose first connection on this replica opened, or whose last one closed.
    private let presenceChanged: @Sendable (String, Bool) -> Void

    init(presenceChanged: @escaping @Sendable (String, Bool) -> Void = { _, _ in }) {
        self.presenceChanged = presenceChanged
    }

    /// Registers a connection (before its history is read, so nothing pushed meanwhile is missed).
    func add(_ connection: LiveConnection) {
        let first = users.withLock { users in
            let group = users[connection.userID] ?? UserConnections()
            users[connection.userID] = group
            return group.connections.withLock { connections in
                connections[ObjectIdentifier(connection)] = connection
                return connections.count == 1
            }
        }
        if first { presenceChanged(connection.userID, true) }
    }

    /// Forgets a connection.
    func remove(_ connection: LiveConnection) {
        let last = users.withLock { users -> Bool in
            guard let group = users[connection.userID] else { return false }
            let empty = group.connections.withLock { connections in
                connections[ObjectIdentifier(connection)] = nil
                return connections.isEmpty
            }
            if empty { users[connection.userID] = nil }
            return empty
        }
        if last { presenceChanged(connection.userID, false) }
    }

    /// Delivers `event` to every connection of `userID` here; returns how many there are.
    @discardableResult
    func deliver(_ event: LiveEvent, to userID: String) -> Int {
        guard let group = users.withLock({ $0[userID] }) else { return 0 }
        return group.delivery.withLock { _ in
            let connections = group.connections.withLock { Array($0.values) }
            guard !connections.isEmpty else { return 0 }
            let frame = WebSocketFrameEncoder.encode(.text, payload: LiveFrames.event(event))
            var ready: [UpgradedConnection] = []
            ready.reserveCapacity(connections.count)
            for connection in connections {
                if let channel = connection.offer(seq: event.seq, frame: frame) { ready.append(channel) }
            }
            UpgradedConnection.send(
                frame, to: ready, limit: LiveConnection.maxPendingBytes, overflow: LiveConnection.slowConsumerClose)
            return connections.count
        }
    }

    /// The users with a connection here.
    var userIDs: [String] { users.withLock { Array($0.keys) } }

    /// Runs the connections' checks every second and their idle check every `pingInterval`, until cancelled.
    func runTicks(pingInterval: Duration, holdTimeout: Duration) async {
        var sincePing = Duration.zero
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            sincePing += .seconds(1)
            let pingDue = sincePing >= pingInterval
            if pingDue { sincePing = .zero }
            let all = users.withLock { $0.values.flatMap { $0.connections.withLock { Array($0.values) } } }
            let now = Int64(time(nil))
            for connection in all { connection.tick(nowSeconds: now, holdTimeout: holdTimeout, pingDue: pingDue) }
        }
    }
}
