import Synchronization

/// A user's entry in this replica's presence, written once as the user's first connection here opens: every
/// connection of the user waits for it before reading its replay, so ws-fanout, which reads the presence after
/// storing an event, either pushes the event here or stored it before the replay was read. Nothing falls between.
final class PresenceJoin: Sendable {
    private struct State {
        var written: Bool?
        var waiting: [CheckedContinuation<Bool, Never>] = []
    }

    private let state = Mutex(State())

    /// Records the outcome of the write (false: not stored) and wakes the connections waiting for it.
    func finish(written: Bool) {
        let waiting = state.withLock { state in
            state.written = written
            defer { state.waiting = [] }
            return state.waiting
        }
        for connection in waiting { connection.resume(returning: written) }
    }

    /// Whether the entry was stored, once the write has been tried.
    func wait() async -> Bool {
        await withCheckedContinuation { continuation in
            let written = state.withLock { state -> Bool? in
                if state.written == nil { state.waiting.append(continuation) }
                return state.written
            }
            if let written { continuation.resume(returning: written) }
        }
    }
}
