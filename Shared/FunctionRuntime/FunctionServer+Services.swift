extension FunctionServer {
    /// Serves `function` over HTTP like `run(_:configuration:middleware:readiness:)`, with `services` running
    /// beside the server for its whole lifetime: started with it, asked to stop once it has stopped (SIGTERM), and
    /// awaited (drained) before this returns.
    /// - Parameters:
    ///   - function: the function.
    ///   - configuration: the configuration read at start-up.
    ///   - services: background workers (e.g. the outbox relay).
    ///   - middleware: layers around every function route, outermost first.
    ///   - readiness: what the readiness probes report.
    /// - Throws: when the server cannot start, or ``FunctionServiceFailure`` when a service failed (after the server
    ///   was shut down gracefully and the other services drained).
    package static func run(
        _ function: some HTTPFunction, configuration: Configuration, services: [any FunctionService],
        middleware: [Middleware] = [], readiness: Readiness = .always
    ) async throws {
        try await run(
            function, configuration: configuration, transport: HTTPServerTransport(), services: services,
            middleware: middleware, readiness: readiness)
    }

    /// Serves `function` over `transport` with `services` beside it (see
    /// `run(_:configuration:services:middleware:readiness:)`).
    /// - Throws: as the transport's `serve`, or ``FunctionServiceFailure``.
    package static func run(
        _ function: some HTTPFunction, configuration: Configuration, transport: some FunctionTransport,
        services: [any FunctionService], middleware: [Middleware] = [], readiness: Readiness = .always,
        logHandler: any LogHandler = JSONLogHandler()
    ) async throws {
        let logger = makeLogger(configuration, handler: logHandler)
        // The server runs in its own task so that a failing service can cancel it (a graceful shutdown) alone.
        let server = Task {
            try await run(
                function, configuration: configuration, transport: transport, middleware: middleware,
                readiness: readiness, logHandler: logHandler)
        }
        let outcome = await ServiceGroup(services: services, logger: logger).run(until: server)
        if let failure = outcome.serviceFailure { throw failure }
        if let error = outcome.serverError { throw error }
    }
}

/// A service that failed (threw, or returned before it was asked to stop).
package struct FunctionServiceFailure: Error, CustomStringConvertible {
    /// The service's name.
    package let serviceName: String
    /// What it threw; nil when it returned early.
    package let underlying: (any Error)?

    package var description: String {
        "service \(serviceName) " + (underlying.map { "failed: \($0)" } ?? "stopped on its own")
    }
}

/// Runs services beside a server task and stops them in order: the server first, then every service drained.
struct ServiceGroup: Sendable {
    let services: [any FunctionService]
    let logger: Logger

    private enum Ended: Sendable {
        case server((any Error)?)
        case service(Int, (any Error)?)
    }

    /// Waits for the server to stop (or a service to fail, which shuts the server down), then stops and awaits
    /// every service.
    /// - Returns: the server's error and the first service failure, if any.
    func run(until server: Task<Void, any Error>) async -> (serverError: (any Error)?, serviceFailure: FunctionServiceFailure?) {
        await withTaskGroup(of: Ended.self) { group in
            group.addTask {
                do {
                    try await server.value
                    return .server(nil)
                } catch {
                    return .server(error)
                }
            }
            for (index, service) in services.enumerated() {
                group.addTask {
                    do {
                        try await service.run(logger: logger)
                        return .service(index, nil)
                    } catch {
                        return .service(index, error)
                    }
                }
            }
            var serverError: (any Error)?
            var failure: FunctionServiceFailure?
            var stopping = false
            while let ended = await group.next() {
                switch ended {
                case .server(let error):
                    serverError = error
                case .service(let index, let error):
                    if !stopping || error != nil {
                        let name = services[index].serviceName
                        let problem = FunctionServiceFailure(serviceName: name, underlying: error)
                        logger.critical("Service failed", metadata: ["service": .string(name), "error": "\(problem)"])
                        if failure == nil { failure = problem }
                    }
                }
                if !stopping {
                    stopping = true
                    // The server first (its in-flight requests may still commit work for a service), then the rest.
                    server.cancel()
                    _ = try? await server.value
                    for service in services { service.stop() }
                }
            }
            return (serverError, failure)
        }
    }
}
