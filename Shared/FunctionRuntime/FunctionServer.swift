package import HTTPServer

/// Runs a function: builds the runtime around it and serves it over a transport until shutdown.
///
/// ```swift
/// // Functions/task-crud/main.swift: `main` blocks, so the file needs no top-level `await` (faster cold start)
/// import FunctionRuntime
/// let config = Configuration.fromEnvironmentOrExit()
/// FunctionServer.main(TaskCrudHandler(store: makeStore(config)), configuration: config)
///
/// // from async code (tests, a process hosting several servers)
/// try await FunctionServer.run(handler, configuration: config)
/// ```
package enum FunctionServer {
    /// Serves `function` over HTTP on `configuration.host:port`, logging JSON lines to stderr.
    /// - Parameters:
    ///   - function: the function.
    ///   - configuration: the configuration read at start-up.
    ///   - middleware: layers around every function route, outermost first.
    ///   - readiness: what the readiness probes report (default: always ready).
    ///   - upgrader: what takes `Upgrade:` requests before the function (the WebSocket gateway); nil: none.
    /// - Throws: when the server cannot start.
    package static func run(
        _ function: some HTTPFunction, configuration: Configuration, middleware: [Middleware] = [],
        readiness: Readiness = .always, upgrader: (any HTTPUpgrader)? = nil
    ) async throws {
        try await run(
            function, configuration: configuration, transport: HTTPServerTransport(upgrader: upgrader),
            middleware: middleware, readiness: readiness)
    }

    /// Serves `function` over `transport`.
    /// - Parameters:
    ///   - function: the function.
    ///   - configuration: the configuration.
    ///   - transport: what carries requests (the HTTP server, or an in-process transport in tests).
    ///   - middleware: layers around every function route, outermost first.
    ///   - readiness: what the readiness probes report.
    ///   - logHandler: where log records go (default: JSON lines on stderr).
    /// - Throws: when the transport fails to start.
    package static func run(
        _ function: some HTTPFunction, configuration: Configuration, transport: some FunctionTransport,
        middleware: [Middleware] = [], readiness: Readiness = .always,
        logHandler: any LogHandler = JSONLogHandler()
    ) async throws {
        let logger = makeLogger(configuration, handler: logHandler)
        let responder = FunctionResponder(
            function, configuration: configuration, middleware: middleware, readiness: readiness, logger: logger)
        do {
            try await transport.serve(responder, configuration: configuration, logger: logger)
        } catch {
            logger.critical("Function failed", metadata: ["error": "\(String(describing: error))"])
            throw error
        }
    }

    /// The function's base logger: labelled and stamped with its name, at the configured level.
    /// - Parameters:
    ///   - configuration: name and level come from it.
    ///   - handler: where records go.
    /// - Returns: the logger.
    package static func makeLogger(_ configuration: Configuration, handler: any LogHandler) -> Logger {
        Logger(
            label: configuration.functionName, level: configuration.logLevel,
            metadata: ["function": .string(configuration.functionName)], handler: handler)
    }
}
