import EmbeddedIngress

/// A running embedded Dapr runtime (with its jobs engine), as `todofn up` needs it.
protocol DaprRuntimeHandle: Sendable {
    /// The Dapr HTTP API port of `appID` (what the function gets as `DAPR_HTTP_PORT`).
    func apiPort(for appID: String) -> Int
    /// Stops delivery and closes every API port.
    func stop() async
}

/// SEAM (issue 5): where `todofn up` starts the embedded Dapr runtime (`EmbeddedRuntime`, helper "embedded") and
/// the jobs engine (`EmbeddedJobs`, helper "jobs"). Neither target is on `main` yet, so `start` returns nil and
/// `todofn up` runs the ingress and supervisor alone (functions get `DAPR_HTTP_PORT=3500`). Once they land, add
/// both targets to todofn's dependencies and replace the body with (per EMBEDDED.md):
///
/// ```swift
/// let jobs = JobsEngine(databasePath: dataDirectory + "/jobs.sqlite", appChannel: appChannel)
/// try await jobs.start()
/// var configuration = EmbeddedRuntimeConfiguration(dataDirectory: dataDirectory, resourcesDirectory: resources)
/// configuration.apps = [(appID: "todofn", port: sharedPort)] + appIDs.map { ($0, 0) }
/// configuration.appChannel = appChannel
/// configuration.extraModules = [jobs.apiModule()]
/// configuration.apiToken = apiToken
/// let runtime = EmbeddedDaprRuntime(configuration: configuration)
/// try await runtime.start()
/// return EmbeddedDapr(runtime: runtime, jobs: jobs)  // a small struct conforming to DaprRuntimeHandle
/// ```
enum EmbeddedDaprSeam {
    /// Whether the runtime is wired in this build.
    static let isAvailable = false

    /// Starts the runtime for `appIDs` plus app-id `todofn` on `sharedPort`, reaching apps through `appChannel`;
    /// nil while the runtime is not part of the build.
    static func start(
        appIDs: [String], sharedPort: Int, dataDirectory: String, resourcesDirectory: String,
        apiToken: String?, appChannel: @escaping AppChannel
    ) async throws -> (any DaprRuntimeHandle)? {
        nil
    }
}
