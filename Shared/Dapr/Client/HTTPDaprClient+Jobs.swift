import HTTPTypes

extension HTTPDaprClient {
    /// `POST /v1.0-alpha1/jobs/{name}` (the path every daprd since 1.14 serves); 204 on success.
    /// Retried after a timeout only with `overwrite` (otherwise an unseen success would come back as 409).
    /// - Throws: `DaprError` `.invalidArgument` (bad name, checked before sending), `.jobAlreadyExists` (409),
    ///   `.badRequest` (`DAPR_SCHEDULER_SCHEDULE_EMPTY`, `ERR_MALFORMED_REQUEST`), `.operationFailed`
    ///   (500 `DAPR_SCHEDULER_SCHEDULE_JOB`: a bad cron or a name the Scheduler refuses), `.routeNotFound` (< 1.14).
    package func scheduleJob(_ job: DaprJob) async throws {
        try DaprJob.validateName(job.name)
        _ = try await call(
            .post, Self.jobPath(job.name), body: job.requestBody(), safety: job.overwrite ? .idempotent : .unsafe,
            conflict: .jobAlreadyExists)
    }

    /// `GET /v1.0-alpha1/jobs/{name}`. daprd answers a missing job with **500** `DAPR_SCHEDULER_GET_JOB`
    /// ("… code = NotFound desc = job not found: …"), not 404: that answer becomes nil here.
    /// - Throws: `DaprError` `.operationFailed` for any other failure, `.invalidResponse`.
    package func getJob(name: String) async throws -> DaprJob? {
        try DaprJob.validateName(name)
        let response = try await send(.get, Self.jobPath(name), safety: .idempotent)
        guard response.status.isSuccess else {
            let error = DaprError.response(response)
            if Self.isJobNotFound(error) { return nil }
            throw error
        }
        return try DaprJob.decode(name: name, from: response.body)
    }

    /// `DELETE /v1.0-alpha1/jobs/{name}`; daprd answers 204 whether or not the job existed.
    /// - Throws: `DaprError` `.operationFailed`.
    package func deleteJob(name: String) async throws {
        try DaprJob.validateName(name)
        _ = try await call(.delete, Self.jobPath(name), safety: .idempotent)
    }

    private static func jobPath(_ name: String) -> String { "/v1.0-alpha1/jobs/" + segment(name) }

    /// A 404 (a future daprd may fix the status) or daprd's 500 whose gRPC cause is NotFound.
    private static func isJobNotFound(_ error: DaprError) -> Bool {
        if error.httpStatus == 404, error.errorCode != "ERR_DIRECT_INVOKE" { return true }
        guard error.httpStatus == 500, error.errorCode == "DAPR_SCHEDULER_GET_JOB" else { return false }
        let message = error.message.lowercased()
        return message.contains("code = notfound") || message.contains("not found")
    }
}
