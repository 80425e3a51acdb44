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
/// `"EmbeddedRuntime", "EmbeddedJobs"` to todofn's dependencies and replace the body with
/// (the APIs as on the `embedded` and `jobs` branches; each target declares its own identical `AppChannel`, so
/// todofn spells ours `EmbeddedIngress.AppChannel`):
///
/// ```swift
/// let jobs = JobsEngine(databasePath: dataDirectory + "/jobs.sqlite", appChannel: appChannel)
/// try await jobs.start()
/// let runtime = EmbeddedDaprRuntime(configuration: EmbeddedRuntimeConfiguration(
///     dataDirectory: dataDirectory, resourcesDirectory: resourcesDirectory,
///     apps: [.init(appID: "todofn", apiPort: sharedPort)] + appIDs.map { .init(appID: $0) },
///     appChannel: appChannel, extraModules: [jobs.apiModule()], apiToken: apiToken))
/// do { try await runtime.start() } catch { await jobs.stop(); throw error }
/// return EmbeddedDapr(runtime: runtime, jobs: jobs)
/// // struct EmbeddedDapr: DaprRuntimeHandle { apiPort → runtime.apiPort(for:); stop → runtime.stop(), jobs.stop() }
/// ```
enum EmbeddedDaprSeam {
    /// Starts the runtime for `appIDs` plus app-id `todofn` on `sharedPort`, reaching apps through `appChannel`;
    /// nil while the runtime is not part of the build.
    static func start(
        appIDs: [String], sharedPort: Int, dataDirectory: String, resourcesDirectory: String,
        apiToken: String?, appChannel: @escaping EmbeddedIngress.AppChannel
    ) async throws -> (any DaprRuntimeHandle)? {
        nil
    }
}
