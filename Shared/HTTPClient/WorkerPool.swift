import Glibc
import HTTPTypes

/// A few dedicated threads that run the blocking libcurl transfers, each with its own reused easy handle.
///
/// Threads start lazily, one whenever a request arrives and no worker is idle, up to `maxWorkers`, so a
/// function that never calls out starts none. Requests queue in arrival order.
///
/// `@unchecked Sendable`: `state` is only touched with `lock` held. A pthread mutex and condition variable
/// (rather than `Synchronization.Mutex`) let ThreadSanitizer see the synchronisation.
final class WorkerPool: @unchecked Sendable {
    private struct State {
        var queue: [PendingRequest] = []
        var head = 0
        var idle = 0
        var threads: [pthread_t] = []
        var closed = false
        var queued: Int { queue.count - head }
    }

    private let maxWorkers: Int
    private var state = State()
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    /// Signalled when a request is queued or the pool closes.
    private let wakeup: UnsafeMutablePointer<pthread_cond_t>

    /// Creates a pool that runs at most `maxWorkers` transfers at a time.
    init(maxWorkers: Int) {
        self.maxWorkers = max(1, maxWorkers)
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        wakeup = .allocate(capacity: 1)
        pthread_cond_init(wakeup, nil)
    }

    deinit {
        close()
        pthread_cond_destroy(wakeup)
        wakeup.deallocate()
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Queues a request; it is completed with `HTTPClientError.Code.closed` if the pool is closed.
    func submit(_ request: PendingRequest) {
        let rejected = withLock { state -> Bool in
            if state.closed { return true }
            if state.queued >= state.idle, state.threads.count < maxWorkers {
                if let thread = startWorker() {
                    state.threads.append(thread)
                } else if state.threads.isEmpty {
                    return true  // no worker at all: fail now rather than wait forever
                }
            }
            state.queue.append(request)
            pthread_cond_signal(wakeup)
            return false
        }
        if rejected {
            request.complete(.failure(HTTPClientError(code: .closed, message: "the client is closed or has no worker")))
        }
    }

    /// Takes `request` out of the queue if no worker has started it; the caller then owns its completion.
    /// - Returns: whether it was still queued.
    func withdraw(_ request: PendingRequest) -> Bool {
        withLock { state in
            guard let index = state.queue[state.head...].firstIndex(where: { $0 === request }) else { return false }
            state.queue.remove(at: index)
            return true
        }
    }

    /// Stops the workers: queued requests still run, new ones are refused; blocks until every worker exits.
    func close() {
        let threads = withLock { state -> [pthread_t] in
            if state.closed { return [] }
            state.closed = true
            pthread_cond_broadcast(wakeup)
            return state.threads
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Counts the calling worker as idle; called before it hands back a result, so that a caller sending its
    /// next request right away finds this worker (and its live connection) instead of starting another.
    fileprivate func becomeIdle() { withLock { $0.idle += 1 } }

    /// Blocks until a request is queued (returns it) or the pool closes with nothing queued (returns nil).
    fileprivate func next() -> PendingRequest? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while state.queued == 0 {
            if state.closed { return nil }
            pthread_cond_wait(wakeup, lock)
        }
        state.idle -= 1
        let request = state.queue[state.head]
        state.head += 1
        if state.head == state.queue.count {
            state.queue.removeAll(keepingCapacity: true)
            state.head = 0
        }
        return request
    }

    private func withLock<Result>(_ body: (inout State) -> Result) -> Result {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body(&state)
    }

    private func startWorker() -> pthread_t? {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, workerMain, context) == 0 else {
            Unmanaged<WorkerPool>.fromOpaque(context).release()
            return nil  // the queued request waits for an existing worker instead
        }
        return thread
    }

    /// The body of one worker thread: takes requests until the pool closes.
    fileprivate func runWorker() {
        var handle: CurlEasyHandle?  // created on first use, then reused for keep-alive
        becomeIdle()
        while let request = next() {
            let result = Result<HTTPResponse, any Error> {
                if request.isCancelled { throw CancellationError() }
                let current = try handle ?? CurlEasyHandle()
                handle = current
                return try current.perform(request)
            }
            becomeIdle()
            request.complete(result)
        }
    }
}

/// Thread entry point; non-capturing, so it finds its pool through the retained context pointer.
private func workerMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let pool = Unmanaged<WorkerPool>.fromOpaque(context).takeRetainedValue()
    pool.runWorker()
    return nil
}
