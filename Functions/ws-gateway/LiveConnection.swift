import HTTPServer
import LiveUpdates
import Synchronization
import WebSocket

/// One browser connection of a user on this replica: the events it has been sent (by seq), and the queue rules.
///
/// It is registered before the history is read (live first), so events pushed meanwhile are held; `attach` sends
/// the hello and the replay, then the held events after the last replayed seq, and from then on events go straight
/// to the socket's output. Each event is sent once, in seq order: a seq not above the last sent is a duplicate and
/// dropped; one that skips ahead waits for the missing ones (pushes may arrive reordered), and if they do not come
/// the connection is closed with 1013 so the client replays them from the history with `since=`.
final class LiveConnection: Sendable {
    /// Output bytes allowed to wait for a slow reader before it is closed with 1013.
    static let maxPendingBytes = 1 << 20
    /// Events held (replay in progress, or waiting for a missing seq) before the connection gives up with 1013.
    static let maxHeldEvents = 256
    /// The close frame for a reader too slow for its queue.
    static let slowConsumerClose = WebSocketFrameEncoder.close(.tryAgainLater, reason: "slow consumer: reconnect with since")

    private struct State {
        var channel: UpgradedConnection?
        var lastSent: Int64 = 0
        var held: [Int64: [UInt8]] = [:]
        var heldSince: ContinuousClock.Instant?
        var finished = false
        var sawInput = true
        var awaitingPong = false
    }

    let userID: String
    /// When the token expires (Unix seconds), if it does.
    let expiresAt: Int64?
    private let state = Mutex(State())

    init(userID: String, expiresAt: Int64?) {
        self.userID = userID
        self.expiresAt = expiresAt
    }

    /// Sends `initial` (hello, replay), then whatever was held meanwhile after `lastSent`, and goes live.
    func attach(_ channel: UpgradedConnection, initial: [[UInt8]], lastSent: Int64) {
        state.withLock { state in
            state.channel = channel
            for frame in initial { channel.send(frame, limit: Int.max, overflow: []) }
            state.lastSent = max(state.lastSent, lastSent)
            state.held = state.held.filter { $0.key > state.lastSent }
            drain(&state)
        }
    }

    /// The socket, once `attach` has run.
    var channel: UpgradedConnection? { state.withLock { $0.channel } }

    /// Offers an event (its frame encoded once for every recipient); never waits. The common case, the next seq on
    /// a live connection, queues the frame at once (on the socket's own thread, inside `perform`, that is the
    /// `send`); a seq ahead of the next is held until the missing ones arrive, one already sent is dropped.
    func offer(seq: Int64, frame: [UInt8]) {
        state.withLock { state in
            guard !state.finished, seq > state.lastSent else { return }
            if seq == state.lastSent + 1, state.held.isEmpty, let channel = state.channel {
                state.lastSent = seq
                channel.send(frame, limit: Self.maxPendingBytes, overflow: Self.slowConsumerClose)
                return
            }
            state.held[seq] = frame
            drain(&state)
        }
    }

    /// Sends held events while they follow the last sent seq; closes with 1013 when too many wait.
    private func drain(_ state: inout State) {
        guard let channel = state.channel else {
            if state.held.count > Self.maxHeldEvents { state.finished = true }
            return
        }
        while let frame = state.held.removeValue(forKey: state.lastSent + 1) {
            state.lastSent += 1
            channel.send(frame, limit: Self.maxPendingBytes, overflow: Self.slowConsumerClose)
        }
        if state.held.isEmpty {
            state.heldSince = nil
        } else if state.heldSince == nil {
            state.heldSince = .now
        }
        if state.held.count > Self.maxHeldEvents || state.finished {
            finish(&state, .tryAgainLater, "events missing: reconnect with since")
        }
    }

    /// Any frame from the peer counts as a sign of life.
    func receivedInput() {
        state.withLock { state in
            state.sawInput = true
            state.awaitingPong = false
        }
    }

    /// The checks, once a second: a token that expired (1008) or a missing seq that never came (1013) closes the
    /// connection; with `pingDue` (once per ping interval) a peer silent since the last ping is gone and a silent one
    /// is pinged.
    func tick(nowSeconds: Int64, holdTimeout: Duration, pingDue: Bool) {
        state.withLock { state in
            guard let channel = state.channel, !state.finished else { return }
            if let expiresAt, nowSeconds >= expiresAt {
                finish(&state, .policyViolation, "token expired")
            } else if let since = state.heldSince, since.duration(to: .now) > holdTimeout {
                finish(&state, .tryAgainLater, "events missing: reconnect with since")
            } else if !pingDue {
                return
            } else if state.awaitingPong {
                state.finished = true
                channel.finish(with: [])
            } else if !state.sawInput {
                state.awaitingPong = true
                channel.send(WebSocketFrameEncoder.encode(.ping, payload: []), limit: Self.maxPendingBytes, overflow: [])
            }
            if pingDue { state.sawInput = false }
        }
    }

    private func finish(_ state: inout State, _ code: WebSocketCloseCode, _ reason: String) {
        state.finished = true
        state.held = [:]
        state.channel?.finish(with: WebSocketFrameEncoder.close(code, reason: reason))
    }
}
