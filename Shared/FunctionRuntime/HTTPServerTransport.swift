package import HTTPServer

/// The production transport: the epoll `HTTPServer`, configured from `Configuration`, shut down gracefully on
/// SIGTERM/SIGINT or when the serving task is cancelled.
package struct HTTPServerTransport: FunctionTransport {
    private let handlesSignals: Bool
    private let onListening: (@Sendable (Int) -> Void)?
    private let onFirstResponse: (@Sendable () -> Void)?
    private let upgrader: (any HTTPUpgrader)?

    /// Creates the transport.
    /// - Parameters:
    ///   - handlesSignals: whether SIGTERM/SIGINT begin a graceful shutdown (tests turn it off).
    ///   - upgrader: what takes `Upgrade:` requests first (the WebSocket gateway); nil: none.
    ///   - onListening: called with the bound port once the server accepts connections (tests use port 0).
    ///   - onFirstResponse: called once, on a task of its own, when the first request has been answered (for work
    ///     that must not delay readiness, see ``FirstResponseHook``).
    package init(
        handlesSignals: Bool = true, upgrader: (any HTTPUpgrader)? = nil, onListening: (@Sendable (Int) -> Void)? = nil,
        onFirstResponse: (@Sendable () -> Void)? = nil
    ) {
        self.handlesSignals = handlesSignals
        self.upgrader = upgrader
        self.onListening = onListening
        self.onFirstResponse = onFirstResponse
    }

    /// Binds, then serves until shutdown.
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    package func serve(_ responder: FunctionResponder, configuration: Configuration, logger: Logger) async throws {
        let server = makeServer(responder, configuration: configuration)
        let port = try server.start()
        listening(port, configuration: configuration, logger: logger)
        let watch = watchSupervisor(server, configuration: configuration, logger: logger)
        defer { watch?.cancel() }
        try await withTaskCancellationHandler {
            try await server.run()
        } onCancel: {
            server.shutdown()
        }
        logger.info("Function stopped")
    }

    /// Binds, then serves until shutdown, blocking the calling thread (for `FunctionServer.main`).
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    package func serveBlocking(_ responder: FunctionResponder, configuration: Configuration, logger: Logger) throws {
        let server = makeServer(responder, configuration: configuration)
        let port = try server.start()
        listening(port, configuration: configuration, logger: logger)
        let watch = watchSupervisor(server, configuration: configuration, logger: logger)
        defer { watch?.cancel() }
        try server.runBlocking()
        logger.info("Function stopped")
    }

    private func makeServer(_ function: FunctionResponder, configuration: Configuration) -> HTTPServer {
        var settings = HTTPServerTransport.serverConfiguration(configuration)
        settings.handlesSignals = handlesSignals
        let responder: any HTTPResponder = onFirstResponse.map { FirstResponseHook(function, hook: $0) } ?? function
        guard let upgrader else { return HTTPServer(configuration: settings, responder: responder) }
        return HTTPServer(configuration: settings, responder: responder, upgrader: upgrader)
    }

    private func listening(_ port: Int, configuration: Configuration, logger: Logger) {
        logger.info(
            "Function listening", metadata: ["http.host": "\(configuration.host)", "http.port": .integer(port)])
        onListening?(port)
    }

    /// Under `todofn up` (`TODOFN_SUPERVISOR_PID`), a task that stops the server once the supervisor is gone;
    /// nil otherwise, so a function on its own starts no task before its first request.
    private func watchSupervisor(_ server: HTTPServer, configuration: Configuration, logger: Logger) -> Task<Void, Never>? {
        configuration.supervisorPID.map { pid in
            Task { await SupervisorWatch.run(supervisorPID: pid, logger: logger) { server.shutdown() } }
        }
    }

    /// The server settings a configuration implies.
    package static func serverConfiguration(_ configuration: Configuration) -> HTTPServerConfiguration {
        var settings = HTTPServerConfiguration()
        settings.host = configuration.host
        settings.port = configuration.port
        settings.maxBodyBytes = configuration.maxBodyBytes
        settings.headTimeout = configuration.headerTimeout
        settings.bodyTimeout = configuration.readTimeout
        settings.idleTimeout = configuration.idleTimeout
        settings.shutdownGracePeriod = configuration.shutdownTimeout
        if let workers = configuration.workerCount { settings.workerCount = workers }
        settings.maxConnectionsPerClient = configuration.maxConnectionsPerClient
        return settings
    }
}
