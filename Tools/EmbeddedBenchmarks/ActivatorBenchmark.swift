import EmbeddedIngress
import EmbeddedSupervisor
import HTTPClient
import HTTPTypes

/// The bench row "a cold function through the activator": request in at the ingress to response out, with the
/// function stopped before each sample, so every sample pays spawn + readiness + forward.
///
/// ```swift
/// let samples = try await ActivatorBenchmark.coldStarts(executable: ".build/release/minimal-function", samples: 25)
/// ```
package enum ActivatorBenchmark {
    /// One timing per sample, in order.
    /// - Parameters:
    ///   - executable: the function to start (e.g. `minimal-function`, which answers `GET /`).
    ///   - samples: how many cold starts to time.
    ///   - target: the request target sent through the ingress.
    /// - Throws: `SupervisorError`, `HTTPClientError`, or `HTTPServerError` when the ingress cannot bind.
    package static func coldStarts(executable: String, samples: Int, target: String = "/") async throws -> [Duration] {
        var configuration = SupervisorConfiguration()
        configuration.idleTimeout = nil
        configuration.logSink = { _, _ in }
        let supervisor = try Supervisor(
            functions: [FunctionDefinition(name: "cold", executablePath: executable, environment: ["LOG_LEVEL": "error"])],
            configuration: configuration)
        try supervisor.start()
        var ingressConfiguration = IngressConfiguration()
        ingressConfiguration.port = 0
        ingressConfiguration.workerCount = 1
        ingressConfiguration.routes = IngressRoutes(routes: [
            .init(path: "/", matchesSubpaths: true, destination: .function("cold"))
        ]
        )
        let ingress = Ingress(supervisor: supervisor, configuration: ingressConfiguration)
        let url = "http://127.0.0.1:\(try ingress.start())\(target)"
        let client = HTTPClient()
        var timings: [Duration] = []
        do {
            for _ in 0..<samples {
                await supervisor.stop("cold")
                let started = ContinuousClock.now
                let response = try await client.execute(.get, url: url)
                let elapsed = ContinuousClock.now - started
                guard response.status.code == 200 else {
                    throw SupervisorError(.notReady, "cold start answered \(response.status.code)")
                }
                timings.append(elapsed)
            }
        } catch {
            client.close()
            ingress.shutdown()
            await ingress.wait()
            await supervisor.shutdown()
            throw error
        }
        client.close()
        ingress.shutdown()
        await ingress.wait()
        await supervisor.shutdown()
        return timings
    }

    /// The median of `timings` (the mean of the middle two for an even count), or zero when empty.
    package static func median(_ timings: [Duration]) -> Duration {
        let sorted = timings.sorted()
        guard !sorted.isEmpty else { return .zero }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
