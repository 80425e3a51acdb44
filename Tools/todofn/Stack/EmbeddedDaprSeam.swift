import EmbeddedIngress

/// A running embedded Dapr runtime (with its jobs engine), as `todofn up` needs it.
protocol DaprRuntimeHandle: Sendable {
    /// Stops delivery and closes every API port.
    func stop() async
}

/// SEAM (issue 5): where `todofn up` starts the embedded Dapr runtime (`EmbeddedRuntime`, helper "embedded") and
/// the jobs engine (`EmbeddedJobs`, helper "jobs"). The runtime is not on `main` yet, so `start` returns nil and
/// `todofn up` runs the ingress and supervisor alone (functions get `DAPR_HTTP_PORT=3500`). Once it lands, add
/// `"EmbeddedRuntime", "EmbeddedJobs"` to todofn's dependencies, set `isAvailable` to true and replace the body with
/// (the APIs as on the `embedded` and `jobs` branches; each target declares its own identical `AppChannel`, so
/// todofn spells ours `EmbeddedIngress.AppChannel`):
///
/// ```swift
/// let jobs = JobsEngine(databasePath: dataDirectory + "/jobs.sqlite", appChannel: appChannel)
/// try await jobs.start()
/// let runtime = EmbeddedDaprRuntime(configuration: EmbeddedRuntimeConfiguration(
///     dataDirectory: dataDirectory, resourcesDirectory: resourcesDirectory,
///     apps: [.init(appID: "todofn", apiPort: sharedPort)] + apps.map { .init(appID: $0.key, apiPort: $0.value) },
///     appChannel: appChannel, extraModules: [jobs.apiModule()], apiToken: apiToken))
/// do { try await runtime.start() } catch { await jobs.stop(); throw error }
/// return EmbeddedDapr(runtime: runtime, jobs: jobs)
/// // struct EmbeddedDapr: DaprRuntimeHandle { func stop() async { await runtime.stop(); await jobs.stop() } }
/// ```
/// The API ports are picked by `todofn up` before anything starts, so the supervisor (whose table carries each
/// function's `DAPR_HTTP_PORT`) exists and is bound to `appChannel` before the runtime's first call through it
/// (`GET /dapr/subscribe` at start).
enum EmbeddedDaprSeam {
    /// Whether the runtime is part of this build (then every function gets its own API port).
    static let isAvailable = false

    /// Starts the runtime for `apps` (app-id → its Dapr API port) plus app-id `todofn` on `sharedPort`, reaching
    /// apps through `appChannel`; nil while the runtime is not part of the build.
    static func start(
        apps: [String: Int], sharedPort: Int, dataDirectory: String, resourcesDirectory: String,
        apiToken: String?, appChannel: @escaping EmbeddedIngress.AppChannel
    ) async throws -> (any DaprRuntimeHandle)? {
        nil
    }
}
