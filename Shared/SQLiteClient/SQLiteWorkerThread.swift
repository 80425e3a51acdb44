import Glibc
import Synchronization

/// A dedicated OS thread that runs submitted closures one after another, so blocking sqlite3 calls never run on
/// Swift's cooperative pool.
///
/// The thread retains only its ``SQLiteJobQueue``; dropping the owner (or calling ``stop()``) ends the loop.
final class SQLiteWorkerThread: Sendable {
    private let queue: SQLiteJobQueue

    /// Starts the thread.
    /// - Throws: ``SQLiteError`` when the thread cannot be created.
    init() throws(SQLiteError) {
        let queue = SQLiteJobQueue()
        self.queue = queue
        var thread = pthread_t()
        let context = Unmanaged.passRetained(queue).toOpaque()
        let rc = pthread_create(&thread, nil, sqliteWorkerEntry, context)
        guard rc == 0 else {
            Unmanaged<SQLiteJobQueue>.fromOpaque(context).release()
            throw SQLiteError(.resourceExhausted, message: "could not start a worker thread (errno \(rc))")
        }
        pthread_detach(thread)
    }

    deinit { queue.stop() }

    /// Enqueues `job`; it runs on the worker thread after every job submitted before it.
    func submit(_ job: @escaping @Sendable () -> Void) { queue.push(job) }

    /// Ends the loop once the jobs already queued have run.
    func stop() { queue.stop() }

    /// Runs `body` on the worker thread and resumes the caller with its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// The queue a worker thread drains; a POSIX semaphore counts the jobs and the stop request.
final class SQLiteJobQueue: @unchecked Sendable {
    // `@unchecked`: `jobs` is behind a Mutex and the semaphore is thread-safe by POSIX.
    private let jobs = Mutex<(pending: [@Sendable () -> Void], stopped: Bool)>(([], false))
    private let semaphore: UnsafeMutablePointer<sem_t>

    init() {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    func push(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.pending.append(job) }
        sem_post(semaphore)
    }

    func stop() {
        let wasStopped = jobs.withLock { state -> Bool in
            defer { state.stopped = true }
            return state.stopped
        }
        if !wasStopped { sem_post(semaphore) }
    }

    /// Runs jobs until stopped; called on the worker thread only.
    func drain() {
        while true {
            while sem_wait(semaphore) != 0 {}
            let next: (@Sendable () -> Void)? = jobs.withLock { state in
                if !state.pending.isEmpty { return state.pending.removeFirst() }
                return nil
            }
            if let next {
                next()
            } else if jobs.withLock({ $0.stopped && $0.pending.isEmpty }) {
                return
            }
        }
    }
}

private func sqliteWorkerEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let queue = Unmanaged<SQLiteJobQueue>.fromOpaque(context).takeRetainedValue()
    queue.drain()
    return nil
}
