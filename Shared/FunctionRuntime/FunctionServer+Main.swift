import Glibc
import Synchronization

extension FunctionServer {
    /// Serves `function` over HTTP like `run`, for a `main.swift` with no top-level `await`: blocks the calling
    /// thread until the server stops, then exits the process (status 0, or 1 when the server could not start).
    ///
    /// ```swift
    /// // Functions/hello/main.swift
    /// import FunctionRuntime
    /// let config = Configuration.fromEnvironmentOrExit()
    /// FunctionServer.main(HelloHandler(), configuration: config)
    /// ```
    /// Why not `try await FunctionServer.run` at the top level: an `await` there makes `main` async, and Swift's async
    /// main parks the main thread in `dispatch_main()`, which calls `pthread_exit`. Its forced unwind makes libgcc sort
    /// every FDE of a static executable before it finds the first frame: about 6 ms of CPU for a 22 MB binary, spent
    /// while the server starts on a 2-core machine (measured with `perf record`; see docs/performance.md).
    /// - Parameters:
    ///   - function: the function.
    ///   - configuration: the configuration read at start-up.
    ///   - middleware: layers around every function route, outermost first.
    ///   - readiness: what the readiness probes report (default: always ready).
    package static func main(
        _ function: some HTTPFunction, configuration: Configuration, middleware: [Middleware] = [],
        readiness: Readiness = .always
    ) -> Never {
        let finished = ExitStatus()
        Task.detached {
            do {
                try await run(function, configuration: configuration, middleware: middleware, readiness: readiness)
                finished.post(0)
            } catch {
                finished.post(1)
            }
        }
        exit(finished.wait())
    }
}

/// A one-shot exit status handed from the serving task to the blocked main thread.
/// The corresponding C functions are `sem_init`, `sem_post` and `sem_wait`.
private final class ExitStatus: Sendable {
    private let status = Atomic<Int32>(0)
    // Sendable: a POSIX semaphore is made for use across threads; the pointer is never reassigned.
    nonisolated(unsafe) private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    init() { sem_init(semaphore, 0, 0) }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    /// Records `value` and wakes the waiter.
    func post(_ value: Int32) {
        status.store(value, ordering: .releasing)
        sem_post(semaphore)
    }

    /// Blocks until `post`, then returns its value.
    func wait() -> Int32 {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
        return status.load(ordering: .acquiring)
    }
}
