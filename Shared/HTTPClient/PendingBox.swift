import Synchronization

/// Lets a cancellation handler reach a request that may not exist yet (cancel can race with submission).
final class PendingBox: Sendable {
    private let state = Mutex<(request: PendingRequest?, cancelled: Bool)>((nil, false))

    /// Records the request, cancelling it at once if cancellation already happened.
    func set(_ request: PendingRequest) {
        let cancelled = state.withLock { state in
            state.request = request
            return state.cancelled
        }
        if cancelled { request.cancel() }
    }

    /// Cancels the request now, or as soon as it is recorded.
    func cancel() {
        let request = state.withLock { state in
            state.cancelled = true
            return state.request
        }
        request?.cancel()
    }
}
