import Glibc
import Synchronization

/// A dedicated OS thread that runs submitted closures one after another, so blocking C calls (libpq, sqlite3)
/// never run on Swift's cooperative pool. Each connection owner holds one.
///
/// The thread retains only its ``JobQueue``; dropping the owner (or calling ``stop()``) ends the loop.
package final class WorkerThread: Sendable {
    private let queue: JobQueue

    /// Starts the thread.
    /// - Parameter name: the thread's name in `ps -L`, `top -H` and `perf` (15 bytes at most; longer is cut).
    /// - Throws: ``WorkerThreadError`` (with `pthread_create`'s error number) when the thread cannot be created.
    package init(name: String = "worker") throws(WorkerThreadError) {
        let queue = JobQueue(name: name)
        self.queue = queue
        var thread = pthread_t()
        let context = Unmanaged.passRetained(queue).toOpaque()
        let rc = pthread_create(&thread, nil, workerEntry, context)
        guard rc == 0 else {
            Unmanaged<JobQueue>.fromOpaque(context).release()
            throw WorkerThreadError(errorNumber: rc)
        }
        pthread_detach(thread)
    }

    deinit { queue.stop() }

    /// Enqueues `job`; it runs on the worker thread after every job submitted before it.
    package func submit(_ job: @escaping @Sendable () -> Void) { queue.push(job) }

    /// Ends the loop once the jobs already queued have run.
    package func stop() { queue.stop() }

    /// Runs `body` on the worker thread and resumes the caller with its result.
    package func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// The queue a worker thread drains; a POSIX semaphore counts the jobs and the stop request.
private final class JobQueue: @unchecked Sendable {
    // `@unchecked`: `jobs` is behind a Mutex and the semaphore is thread-safe by POSIX.
    private let jobs = Mutex<(pending: [@Sendable () -> Void], stopped: Bool)>(([], false))
    private let semaphore: UnsafeMutablePointer<sem_t>
    let name: String

    init(name: String) {
        self.name = name
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

private func workerEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let queue = Unmanaged<JobQueue>.fromOpaque(context).takeRetainedValue()
    ThreadName.setCurrent(queue.name)
    queue.drain()
    return nil
}

/// A worker thread could not be started; `errorNumber` is what `pthread_create` returned.
package struct WorkerThreadError: Error, CustomStringConvertible {
    package let errorNumber: Int32
    package var description: String { "could not start a worker thread (errno \(errorNumber))" }
}
