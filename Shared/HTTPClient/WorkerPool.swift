import Glibc
import HTTPTypes
import Synchronization

/// A few dedicated threads that run the blocking libcurl transfers, each with its own reused easy handle.
///
/// Threads start lazily, one whenever a request arrives and no worker is idle, up to `maxWorkers`, so a
/// function that never calls out starts none. Requests queue in arrival order.
///
/// `@unchecked Sendable`: the state is behind a `Mutex`; the semaphore is a POSIX semaphore, which is
/// thread-safe by definition, allocated in `init` and destroyed in `deinit` only.
final class WorkerPool: @unchecked Sendable {
    private struct State: ~Copyable {
        var queue: [PendingRequest] = []
        var head = 0
        var idle = 0
        var threads: [pthread_t] = []
        var closed = false
        var queued: Int { queue.count - head }
    }

    private let maxWorkers: Int
    private let state = Mutex(State())
    /// Counts queued requests plus one wake-up per thread at shutdown.
    private let wakeups: UnsafeMutablePointer<sem_t>

    /// Creates a pool that runs at most `maxWorkers` transfers at a time.
    init(maxWorkers: Int) {
        self.maxWorkers = max(1, maxWorkers)
        wakeups = .allocate(capacity: 1)
        sem_init(wakeups, 0, 0)
    }

    deinit {
        close()
        sem_destroy(wakeups)
        wakeups.deallocate()
    }

    /// Queues a request; it is completed with `HTTPClientError.Code.closed` if the pool is closed.
    func submit(_ request: PendingRequest) {
        let rejected = state.withLock { state -> Bool in
            if state.closed { return true }
            if state.queued >= state.idle, state.threads.count < maxWorkers {
                if let thread = startWorker() {
                    state.threads.append(thread)
                } else if state.threads.isEmpty {
                    return true  // no worker at all: fail now rather than wait forever
                }
            }
            state.queue.append(request)
            return false
        }
        if rejected {
            request.complete(.failure(HTTPClientError(code: .closed, message: "the client is closed or has no worker")))
        } else {
            sem_post(wakeups)
        }
    }

    /// Stops the workers: queued requests still run, new ones are refused; blocks until every worker exits.
    func close() {
        let threads = state.withLock { state -> [pthread_t] in
            if state.closed { return [] }
            state.closed = true
            return state.threads
        }
        for _ in threads { sem_post(wakeups) }
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Counts the calling worker as idle; called before it hands back a result, so that a caller sending its
    /// next request right away finds this worker (and its live connection) instead of starting another.
    fileprivate func becomeIdle() { state.withLock { $0.idle += 1 } }

    /// Blocks until a request is queued (returns it) or the pool closes with nothing queued (returns nil).
    fileprivate func next() -> PendingRequest? {
        while sem_wait(wakeups) != 0 {}  // only EINTR can fail it
        return state.withLock { state -> PendingRequest? in
            state.idle -= 1
            guard state.queued > 0 else { return nil }
            let request = state.queue[state.head]
            state.head += 1
            if state.head == state.queue.count {
                state.queue.removeAll(keepingCapacity: true)
                state.head = 0
            }
            return request
        }
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
