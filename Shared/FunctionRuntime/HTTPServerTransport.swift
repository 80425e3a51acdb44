package import HTTPServer

/// The production transport: the epoll `HTTPServer`, configured from `Configuration`, shut down gracefully on
/// SIGTERM/SIGINT or when the serving task is cancelled.
package struct HTTPServerTransport: FunctionTransport {
    private let handlesSignals: Bool
    private let onListening: (@Sendable (Int) -> Void)?

    /// Creates the transport.
    /// - Parameters:
    ///   - handlesSignals: whether SIGTERM/SIGINT begin a graceful shutdown (tests turn it off).
    ///   - onListening: called with the bound port once the server accepts connections (tests use port 0).
    package init(handlesSignals: Bool = true, onListening: (@Sendable (Int) -> Void)? = nil) {
        self.handlesSignals = handlesSignals
        self.onListening = onListening
    }

    /// Binds, then serves until shutdown.
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    package func serve(_ responder: FunctionResponder, configuration: Configuration, logger: Logger) async throws {
        var settings = HTTPServerTransport.serverConfiguration(configuration)
        settings.handlesSignals = handlesSignals
        let server = HTTPServer(configuration: settings, responder: responder)
        let port = try server.start()
        logger.info(
            "Function listening", metadata: ["http.host": "\(configuration.host)", "http.port": .integer(port)])
        onListening?(port)
        let watch = configuration.supervisorPID.map { pid in
            Task { await SupervisorWatch.run(supervisorPID: pid, logger: logger) { server.shutdown() } }
        }
        defer { watch?.cancel() }
        try await withTaskCancellationHandler {
            try await server.run()
        } onCancel: {
            server.shutdown()
        }
        logger.info("Function stopped")
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
        return settings
    }
}
