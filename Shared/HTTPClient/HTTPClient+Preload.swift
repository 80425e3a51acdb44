import WorkerThreads

extension HTTPClient {
    /// Loads libcurl now, on a short-lived thread of its own, so that the process's first transfer finds it loaded.
    ///
    /// libcurl is opened on first use (`dlopen` of it and its ~30 libraries, 6–30 ms on a busy 2-core machine), which
    /// otherwise lands on a scale-from-zero function's first request that calls out (its first Dapr call). A function
    /// calls this once it listens: the load then overlaps the time until its first request instead of adding to it.
    /// A transfer that starts while the load runs waits for that same load (it is done once per process). Returns at
    /// once; does nothing if the thread cannot be created (the first transfer then loads libcurl, as before).
    package static func preload() {
        guard let thread = try? WorkerThread(name: "libcurl-load") else { return }
        thread.submit { _ = try? LibCurl.api() }
        thread.stop()
    }
}
