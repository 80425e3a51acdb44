import Glibc
import WorkerThreads

/// One dedicated thread that runs every transfer of a client on a libcurl multi handle.
///
/// The thread starts on the first request, so a function that never calls out starts none. At most
/// `maxTransfers` run at once; more wait in arrival order. Callers hand requests over under a lock and wake
/// the thread (`WakeupSocketPair`) only when it sleeps in `poll(2)`: a busy loop picks new requests up
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
        var wakeup: WakeupSocketPair?
        var closed = false
        /// Why the thread gave up (libcurl could not start); later requests fail with it.
        var failure: HTTPClientError?
        /// The thread is in (or about to enter) its blocking `poll(2)`.
        var sleeping = false
        /// Someone already called `wakeup()` since the thread went to sleep.
        var wakeRequested = false
        /// When `nextWork` next looks for queued requests past their deadline.
        var nextSweep = ContinuousClock.now
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
        let wakeup = withLock { state -> WakeupSocketPair? in
            if state.closed {
                failure = state.failure ?? HTTPClientError(code: .closed, message: "the client is closed")
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
        wakeup?.wakeup()
        if let failure { request.complete(.failure(failure)) }
    }

    /// Takes `request` out of the queue if it has not started; otherwise asks the loop to abort it.
    /// - Returns: whether it was still queued, in which case the caller owns its completion.
    func withdraw(_ request: PendingRequest) -> Bool {
        var withdrawn = false
        let wakeup = withLock { state -> WakeupSocketPair? in
            if state.queue.remove(request) {
                withdrawn = true
                return nil
            }
            guard state.thread != nil else { return nil }
            state.aborts.append(request)
            return wakeIfSleeping(&state)
        }
        wakeup?.wakeup()
        return withdrawn
    }

    /// Stops the loop: queued requests still run, new ones are refused; blocks until the thread exits.
    func close() {
        let (thread, wakeup) = withLock { state -> (pthread_t?, WakeupSocketPair?) in
            if state.closed { return (nil, nil) }
            state.closed = true
            return (state.thread, wakeIfSleeping(&state))
        }
        wakeup?.wakeup()
        if let thread { pthread_join(thread, nil) }
    }

    /// The loop thread's next batch; nil once closed with nothing queued or running (the thread then exits).
    ///
    /// Queued requests whose deadline passed are answered `timeout` here (looked for at most every 100 ms; the
    /// thread wakes at least once a second while transfers run, which is when requests queue).
    /// - Parameter running: how many transfers the thread is running now.
    func nextWork(running: Int) -> Work? {
        let now = ContinuousClock.now
        var expired: [PendingRequest] = []
        let work = withLock { state -> Work? in
            if state.queue.count > 0, now >= state.nextSweep {
                expired = state.queue.removeExpired(now: now)
                state.nextSweep = now + .milliseconds(100)
            }
            if state.closed, state.queue.count == 0, state.aborts.isEmpty, running == 0 { return nil }
            let aborts = state.aborts
            state.aborts.removeAll()
            return Work(requests: state.queue.popFirst(maxTransfers - running), aborts: aborts)
        }
        for request in expired { request.complete(.failure(request.queueTimeout)) }
        return work
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

    /// Called by the thread when libcurl cannot start: answers every queued request with `error`, and every later
    /// one too.
    func fail(_ error: HTTPClientError) {
        let queued = withLock { state in
            state.closed = true
            state.failure = error
            return state.queue.popFirst(state.queue.count)
        }
        for request in queued { request.complete(.failure(error)) }
    }

    /// The wake-up to signal, once per sleep (called with the lock held; the caller signals after unlocking).
    private func wakeIfSleeping(_ state: inout State) -> WakeupSocketPair? {
        guard state.sleeping, !state.wakeRequested else { return nil }
        state.wakeRequested = true
        return state.wakeup
    }

    /// Starts the thread (called with the lock held); libcurl itself is set up on the thread, not here on the
    /// caller's (cooperative) thread.
    private func start(_ state: inout State) throws(HTTPClientError) {
        let wakeup = try WakeupSocketPair()
        let context = Unmanaged.passRetained(LoopContext(loop: self, wakeup: wakeup)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, transferLoopMain, context) == 0 else {
            Unmanaged<LoopContext>.fromOpaque(context).release()
            throw HTTPClientError(code: .closed, message: "cannot start the client's thread (errno \(errno))")
        }
        state.wakeup = wakeup
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
        let wakeup: WakeupSocketPair

        init(loop: TransferLoop, wakeup: WakeupSocketPair) {
            self.loop = loop
            self.wakeup = wakeup
        }

        /// Twice the transfers: room for one idle connection per transfer to a second upstream.
        var maxConnections: Int { 2 * loop.maxTransfers }
    }
}

/// Thread entry point; non-capturing, so it finds its loop through the retained context pointer.
private func transferLoopMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let loopContext = Unmanaged<TransferLoop.LoopContext>.fromOpaque(context).takeRetainedValue()
    ThreadName.setCurrent("http-client")
    do throws(HTTPClientError) {
        // Freed when the thread ends, which closes its idle connections at close() rather than at deinit.
        let multi = try CurlMultiHandle(maxConnections: loopContext.maxConnections, wakeup: loopContext.wakeup)
        CurlMultiDriver(multi: multi).run(loopContext.loop)
    } catch {
        loopContext.loop.fail(error)
    }
    return nil
}
