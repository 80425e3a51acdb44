package import EmbeddedSeams
package import HTTPTypes

extension JobsEngine {
    /// Answers `POST|GET|DELETE /v1.0-alpha1/jobs/{name}` (and the stable `/v1.0/jobs/{name}` of Dapr 1.18) for
    /// `appID`; nil for any other route or method, which daprd's router sends to its fallback.
    /// - Returns: 204 on schedule and delete, 200 with the job on GET, or `{"errorCode","message"}` with daprd's status.
    package func handle(_ request: HTTPRequest, appID: String) async -> HTTPResponse? {
        guard let name = JobsEngine.jobName(in: request.path) else { return nil }
        do throws(JobsError) {
            switch request.method {
            case .post:
                try await schedule(JobDefinition(name: name, body: request.body), appID: appID)
                return HTTPResponse(status: .noContent)
            case .get:
                let definition = try job(named: name, appID: appID)
                return HTTPResponse(status: .ok, contentType: "application/json", text: definition.getResponseJSON)
            case .delete:
                try await deleteJob(named: name, appID: appID)
                return HTTPResponse(status: .noContent)
            default:
                return nil
            }
        } catch {
            return error.response
        }
    }

    /// The engine as an extra module of the embedded Dapr API server.
    package func apiModule() -> DaprAPIModule {
        { [self] request, appID in await handle(request, appID: appID) }
    }

    /// The job name of a jobs route, decoded as daprd does (`url.QueryUnescape`: `%2F` → `/`, `+` → space).
    static func jobName(in path: Substring) -> String? {
        var rest: Substring
        if path.hasPrefix("/v1.0-alpha1/jobs/") {
            rest = path.dropFirst("/v1.0-alpha1/jobs/".count)
        } else if path.hasPrefix("/v1.0/jobs/") {
            rest = path.dropFirst("/v1.0/jobs/".count)
        } else {
            return nil
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        return PercentEncoding.decode(rest, plusAsSpace: true)
    }
}
