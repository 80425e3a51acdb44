import Glibc
import HTTPServer
import LiveUpdates
import Synchronization
import WebSocket

/// The connections of this replica by user. A push encodes its frame once and hands it to the event-loop threads
/// that own the user's sockets, one hop per thread (`DeliveryPlan`); each thread offers it to its connections and
/// writes at once, never waiting, so one slow connection never holds up the others. A user's pushes are handed over
/// one at a time, in the order decided, and a connection holds a seq that arrives ahead of the one it is missing.
final class ConnectionHub: Sendable {
    /// A change of this replica's presence for a user, in the order the changes happened; a join is finished by
    /// whoever writes it.
    struct PresenceChange: Sendable {
        let userID: String
        /// The join to finish, or nil when the user's last connection here closed.
        let join: PresenceJoin?
    }

    /// One user's connections here, and the lock that orders that user's deliveries.
    private final class UserConnections: Sendable {
        struct Members {
            var all: [ObjectIdentifier: LiveConnection] = [:]
            /// `all` grouped for delivery; nil once the connections changed.
            var plan: DeliveryPlan?
        }

        let members = Mutex(Members())
        let delivery = Mutex(())
        /// The user's presence entry for this replica, written as the first connection opened.
        let join = PresenceJoin()
    }

    private let users = Mutex<[String: UserConnections]>([:])
    /// Called, under the lock that orders them, with a user whose first connection on this replica opened or whose
    /// last one closed; it must not wait.
    private let presenceChanged: @Sendable (PresenceChange) -> Void

    init(presenceChanged: @escaping @Sendable (PresenceChange) -> Void = { $0.join?.finish(written: true) }) {
        self.presenceChanged = presenceChanged
    }

    /// Registers a connection and returns once this replica is in the user's presence (false: the entry could not
    /// be written), so the history can be read: nothing pushed or stored meanwhile is missed.
    func add(_ connection: LiveConnection) async -> Bool {
        let join = users.withLock { users in
            let group = users[connection.userID] ?? UserConnections()
            users[connection.userID] = group
            let first = group.members.withLock { members in
                members.all[ObjectIdentifier(connection)] = connection
                members.plan = nil
                return members.all.count == 1
            }
            if first { presenceChanged(PresenceChange(userID: connection.userID, join: group.join)) }
            return group.join
        }
        return await join.wait()
    }

    /// Notes that a connection got its socket (`LiveConnection.attach`): from now on it is written by its thread.
    func attached(_ connection: LiveConnection) {
        guard let group = users.withLock({ $0[connection.userID] }) else { return }
        group.members.withLock { $0.plan = nil }
    }

    /// Forgets a connection.
    func remove(_ connection: LiveConnection) {
        users.withLock { users in
            guard let group = users[connection.userID] else { return }
            let empty = group.members.withLock { members in
                members.all[ObjectIdentifier(connection)] = nil
                members.plan = nil
                return members.all.isEmpty
            }
            guard empty else { return }
            users[connection.userID] = nil
            presenceChanged(PresenceChange(userID: connection.userID, join: nil))
        }
    }

    /// Delivers `event` to every connection of `userID` here; returns how many there are.
    @discardableResult
    func deliver(_ event: LiveEvent, to userID: String) -> Int {
        guard let group = users.withLock({ $0[userID] }) else { return 0 }
        return group.delivery.withLock { _ in
            let plan = group.members.withLock { members in
                let plan = members.plan ?? DeliveryPlan(members.all.values)
                members.plan = plan
                return plan
            }
            let count = plan.count
            guard count > 0 else { return 0 }
            plan.offer(seq: event.seq, frame: WebSocketFrameEncoder.encode(.text, payload: LiveFrames.event(event)))
            return count
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
            let all = users.withLock { $0.values.flatMap { $0.members.withLock { Array($0.all.values) } } }
            let now = Int64(time(nil))
            for connection in all { connection.tick(nowSeconds: now, holdTimeout: holdTimeout, pingDue: pingDue) }
        }
    }
}
