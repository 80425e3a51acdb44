import Synchronization

/// Lets a cancellation handler reach a request that may not exist yet (cancel can race with submission).
final class PendingBox: Sendable {
    private let state = Mutex<(request: PendingRequest?, cancelled: Bool)>((nil, false))

    /// Records the request; returns true (and marks it cancelled) if cancellation already happened, in which
    /// case the caller completes it instead of submitting it.
    func set(_ request: PendingRequest) -> Bool {
        let cancelled = state.withLock { state in
            state.request = request
            return state.cancelled
        }
        if cancelled { request.cancel() }
        return cancelled
    }

    /// Marks the request cancelled now, or as soon as it is recorded; returns it if it was already recorded.
    func cancel() -> PendingRequest? {
        let request = state.withLock { state in
            state.cancelled = true
            return state.request
        }
        request?.cancel()
        return request
    }
}
