import EmbeddedJobs
import EmbeddedRuntime
import EmbeddedSeams
import HTTPTypes

/// A running embedded Dapr runtime (with its jobs engine), as `todofn up` needs it.
protocol DaprRuntimeHandle: Sendable {
    /// Stops delivery and closes every API port.
    func stop() async
}

/// Where `todofn up` starts the embedded Dapr runtime (`EmbeddedRuntime`) and the jobs engine (`EmbeddedJobs`).
///
/// The API ports are picked by `todofn up` before anything starts, so the supervisor (whose table carries each
/// function's `DAPR_HTTP_PORT`) exists and is bound to `appChannel` before the runtime's first call through it
/// (`GET /dapr/subscribe` at start). `AppChannel` and `DaprAPIModule` come from `EmbeddedSeams`, which the runtime,
/// the jobs engine and the supervisor all import, so the closures pass through unchanged.
enum EmbeddedDaprSeam {
    /// Starts the runtime for `apps` (app-id → its Dapr API port) plus app-id `todofn` on `sharedPort`, reaching
    /// apps through `appChannel`.
    static func start(
        apps: [String: Int], sharedPort: Int, dataDirectory: String, resourcesDirectory: String,
        apiToken: String?, appAPITokens: [String: String], refreshSubscriptions: Bool,
        appChannel: @escaping AppChannel
    ) async throws -> any DaprRuntimeHandle {
        // App-id `todofn` (people and tools on the shared port) has no app behind it: it subscribes to nothing.
        let functionNames = Set(apps.keys)
        let appChannel: AppChannel = { appID, request in
            guard functionNames.contains(appID) else {
                return HTTPResponse(
                    status: .notFound, contentType: "application/json",
                    text: #"{"error":{"message":"no app behind app-id \#(appID)"}}"#)
            }
            return try await appChannel(appID, request)
        }
        let jobs = JobsEngine(databasePath: dataDirectory + "/jobs.sqlite", appChannel: appChannel)
        try await jobs.start()
        // A job fires only on the app that scheduled it, known by the port it came in on; the shared port has no
        // app behind it, so it schedules nothing.
        let jobsModule: DaprAPIModule = { request, appID in
            let path = request.path
            if !functionNames.contains(appID), path.hasPrefix("/v1.0-alpha1/jobs") || path.hasPrefix("/v1.0/jobs") {
                return HTTPResponse(
                    status: .forbidden, contentType: "application/json",
                    text:
                        #"{"errorCode":"ERR_JOBS_NOT_ALLOWED","message":"jobs are managed only by an app on its own Dapr port"}"#)
            }
            return await jobs.handle(request, appID: appID)
        }
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: dataDirectory, resourcesDirectory: resourcesDirectory,
                apps: [.init(appID: "todofn", apiPort: sharedPort)]
                    + apps.sorted { $0.key < $1.key }.map { .init(appID: $0.key, apiPort: $0.value) },
                appChannel: appChannel, extraModules: [jobsModule], apiToken: apiToken,
                appAPITokens: appAPITokens,
                refreshSubscriptions: refreshSubscriptions))
        do {
            try await runtime.start()
        } catch {
            await jobs.stop()
            throw error
        }
        return EmbeddedDapr(runtime: runtime, jobs: jobs)
    }
}

/// The runtime and its jobs engine, stopped together.
private struct EmbeddedDapr: DaprRuntimeHandle {
    let runtime: EmbeddedDaprRuntime
    let jobs: JobsEngine

    func stop() async {
        await runtime.stop()
        await jobs.stop()
    }
}
