import Glibc

extension FunctionServer {
    /// Serves `function` over HTTP like `run`, for a `main.swift` with no top-level `await`: starts the server from
    /// the calling thread, blocks it until the server stops, then exits the process (status 0, or 1 when the
    /// server could not start).
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
    /// while the server starts on a 2-core machine. Starting without a task also wakes no thread of the cooperative
    /// pool before the first request.
    /// - Parameters:
    ///   - function: the function.
    ///   - configuration: the configuration read at start-up.
    ///   - middleware: layers around every function route, outermost first.
    ///   - readiness: what the readiness probes report (default: always ready).
    package static func main(
        _ function: some HTTPFunction, configuration: Configuration, middleware: [Middleware] = [],
        readiness: Readiness = .always
    ) -> Never {
        let logger = makeLogger(configuration, handler: JSONLogHandler())
        let responder = FunctionResponder(
            function, configuration: configuration, middleware: middleware, readiness: readiness, logger: logger)
        do {
            try HTTPServerTransport().serveBlocking(responder, configuration: configuration, logger: logger)
        } catch {
            logger.critical("Function failed", metadata: ["error": "\(String(describing: error))"])
            exit(1)
        }
        exit(0)
    }
}
