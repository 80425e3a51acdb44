import HTTPTypes
import Synchronization

/// Invocations in flight, so `stop()` can answer them at once: an HTTPServer must not have a handler outlive its
/// shutdown grace period, and an app may take longer than that to answer.
final class InFlightInvocations: Sendable {
    private struct State {
        var stopped = false
        var nextID = 0
        var waiting: [Int: CheckedContinuation<HTTPResponse, Never>] = [:]
        var tasks: [Int: Task<Void, Never>] = [:]
    }
    private let state = Mutex(State())

    private static var stopping: HTTPResponse {
        DaprResponse.response(500, "ERR_DIRECT_INVOKE", "failed to invoke: the runtime is shutting down")
    }

    /// Runs `call`, answering early (500 `ERR_DIRECT_INVOKE`) if the runtime stops first.
    func run(_ call: @escaping @Sendable () async -> HTTPResponse) async -> HTTPResponse {
        await withCheckedContinuation { (continuation: CheckedContinuation<HTTPResponse, Never>) in
            let id: Int? = state.withLock { state in
                guard !state.stopped else { return nil }
                state.nextID += 1
                state.waiting[state.nextID] = continuation
                return state.nextID
            }
            guard let id else { return continuation.resume(returning: InFlightInvocations.stopping) }
            let task = Task {
                let response = await call()
                self.finish(id, response)
            }
            state.withLock { state in
                if state.waiting[id] != nil { state.tasks[id] = task }
            }
        }
    }

    private func finish(_ id: Int, _ response: HTTPResponse) {
        let continuation = state.withLock { state in
            state.tasks[id] = nil
            return state.waiting.removeValue(forKey: id)
        }
        continuation?.resume(returning: response)
    }

    /// Answers every invocation in flight and refuses new ones; their calls are cancelled.
    func stop() {
        let (waiting, tasks) = state.withLock { state in
            state.stopped = true
            defer {
                state.waiting = [:]
                state.tasks = [:]
            }
            return (Array(state.waiting.values), Array(state.tasks.values))
        }
        for task in tasks { task.cancel() }
        for continuation in waiting { continuation.resume(returning: InFlightInvocations.stopping) }
    }
}
