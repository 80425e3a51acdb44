import Glibc

/// One dedicated thread that runs every transfer of a client on a libcurl multi handle.
///
/// The thread starts on the first request, so a function that never calls out starts none. At most
/// `maxTransfers` run at once; more wait in arrival order. Callers hand requests over under a lock and wake
/// the thread (`CurlMultiHandle.wakeup()`) only when it sleeps in `poll(2)`: a busy loop picks new requests up
/// between two rounds of I/O without a wake-up. Completions resume the callers' continuations from the thread.
///
/// `@unchecked Sendable`: `state` is only touched with `lock` held. A pthread mutex (rather than
/// `Synchronization.Mutex`) lets ThreadSanitizer see the synchronisation.
final class TransferLoop: @unchecked Sendable {
    /// What the loop thread does next (see `nextWork`).
    struct Work {
        /// Requests to start, oldest first.
        var requests: [PendingRequest]
        /// Running requests whose callers were cancelled.
        var aborts: [PendingRequest]
    }

    private struct State {
        var queue = RequestQueue()
        var aborts: [PendingRequest] = []
        var thread: pthread_t?
        var multi: CurlMultiHandle?
        var closed = false
        /// The thread is in (or about to enter) its blocking `poll(2)`.
        var sleeping = false
        /// Someone already called `wakeup()` since the thread went to sleep.
        var wakeRequested = false
    }

    private let maxTransfers: Int
    private var state = State()
    private let lock: UnsafeMutablePointer<pthread_mutex_t>

    /// Creates a loop that runs at most `maxTransfers` transfers at a time; no thread starts yet.
    init(maxTransfers: Int) {
        self.maxTransfers = max(1, maxTransfers)
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        close()
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Queues a request, starting the thread if needed; it fails with `HTTPClientError.Code.closed` once closed.
    func submit(_ request: PendingRequest) {
        var failure: HTTPClientError?
        let multi = withLock { state -> CurlMultiHandle? in
            if state.closed {
                failure = HTTPClientError(code: .closed, message: "the client is closed")
                return nil
            }
            if state.thread == nil {
                do throws(HTTPClientError) {
                    try start(&state)
                } catch {
                    failure = error
                    return nil
                }
            }
            state.queue.append(request)
            return wakeIfSleeping(&state)
        }
        multi?.wakeup()
        if let failure { request.complete(.failure(failure)) }
    }

    /// Takes `request` out of the queue if it has not started; otherwise asks the loop to abort it.
    /// - Returns: whether it was still queued, in which case the caller owns its completion.
    func withdraw(_ request: PendingRequest) -> Bool {
        var withdrawn = false
        let multi = withLock { state -> CurlMultiHandle? in
            if state.queue.remove(request) {
                withdrawn = true
                return nil
            }
            guard state.thread != nil else { return nil }
            state.aborts.append(request)
            return wakeIfSleeping(&state)
        }
        multi?.wakeup()
        return withdrawn
    }

    /// Stops the loop: queued requests still run, new ones are refused; blocks until the thread exits.
    func close() {
        let (thread, multi) = withLock { state -> (pthread_t?, CurlMultiHandle?) in
            if state.closed { return (nil, nil) }
            state.closed = true
            return (state.thread, wakeIfSleeping(&state))
        }
        multi?.wakeup()
        if let thread { pthread_join(thread, nil) }
    }

    /// The loop thread's next batch; nil once closed with nothing queued or running (the thread then exits).
    /// - Parameter running: how many transfers the thread is running now.
    func nextWork(running: Int) -> Work? {
        withLock { state in
            if state.closed, state.queue.count == 0, state.aborts.isEmpty, running == 0 {
                state.multi = nil  // the exiting thread frees it (and closes its idle connections), not deinit
                return nil
            }
            let aborts = state.aborts
            state.aborts.removeAll()
            return Work(requests: state.queue.popFirst(maxTransfers - running), aborts: aborts)
        }
    }

    /// Runs `poll` unless work is waiting for the thread; a submission during `poll` wakes it up.
    /// - Parameters:
    ///   - running: how many transfers the thread is running now.
    ///   - poll: waits for I/O, libcurl's timer or a wake-up (`CurlMultiHandle.drive`).
    func sleep(running: Int, poll: () -> Void) {
        let idle = withLock { state -> Bool in
            let startable = state.queue.count > 0 && running < maxTransfers
            let exiting = state.closed && state.queue.count == 0 && running == 0
            if startable || exiting || !state.aborts.isEmpty { return false }
            state.sleeping = true
            return true
        }
        guard idle else { return }
        poll()
        withLock { state in
            state.sleeping = false
            state.wakeRequested = false
        }
    }

    /// The multi handle to wake, once per sleep (called with the lock held; the caller wakes it after unlocking).
    private func wakeIfSleeping(_ state: inout State) -> CurlMultiHandle? {
        guard state.sleeping, !state.wakeRequested else { return nil }
        state.wakeRequested = true
        return state.multi
    }

    /// Creates the multi handle and the thread (called with the lock held).
    private func start(_ state: inout State) throws(HTTPClientError) {
        // Twice the transfers: room for one idle connection per transfer to a second upstream.
        let multi = try CurlMultiHandle(maxConnections: 2 * maxTransfers)
        let context = Unmanaged.passRetained(LoopContext(loop: self, multi: multi)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, transferLoopMain, context) == 0 else {
            Unmanaged<LoopContext>.fromOpaque(context).release()
            throw HTTPClientError(code: .closed, message: "cannot start the client's thread (errno \(errno))")
        }
        state.multi = multi
        state.thread = thread
    }

    private func withLock<Result>(_ body: (inout State) -> Result) -> Result {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body(&state)
    }

    /// What the thread needs: retained for the thread's lifetime.
    fileprivate final class LoopContext {
        let loop: TransferLoop
        let multi: CurlMultiHandle

        init(loop: TransferLoop, multi: CurlMultiHandle) {
            self.loop = loop
            self.multi = multi
        }
    }
}

/// Thread entry point; non-capturing, so it finds its loop through the retained context pointer.
private func transferLoopMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let loopContext = Unmanaged<TransferLoop.LoopContext>.fromOpaque(context).takeRetainedValue()
    nameThread("http-client")
    CurlMultiDriver(multi: loopContext.multi).run(loopContext.loop)
    return nil
}

/// Names the calling thread for `ps`, `top` and `perf` (`pthread_setname_np` is not visible through Glibc).
private func nameThread(_ name: String) {
    let fd = open("/proc/thread-self/comm", O_WRONLY)
    guard fd >= 0 else { return }
    _ = name.withCString { write(fd, $0, strlen($0)) }
    close(fd)
}
