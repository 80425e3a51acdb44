import HTTPTypes
import JSON
import Schedules

/// A rejected jobs API call, carrying the status, `errorCode` and `message` daprd answers with.
package struct JobsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case invalidRequest, alreadyExists, notFound, storage, notStarted }
        private let value: Value

        /// A request daprd or the Scheduler rejects (the status and errorCode come from `ScheduleError`).
        package static let invalidRequest = Code(value: .invalidRequest)
        /// `overwrite` false and the job exists: 409 `DAPR_SCHEDULER_SCHEDULE_JOB`.
        package static let alreadyExists = Code(value: .alreadyExists)
        /// GET of a job that does not exist: 500 `DAPR_SCHEDULER_GET_JOB`.
        package static let notFound = Code(value: .notFound)
        /// The SQLite store failed.
        package static let storage = Code(value: .storage)
        /// A call before `start()` or after `stop()`.
        package static let notStarted = Code(value: .notStarted)

        /// A readable rendering.
        package var description: String { value.rawValue }
    }

    /// Which kind of failure.
    package var code: Code
    /// The HTTP status.
    package var status: Int
    /// The `errorCode` of the JSON body.
    package var errorCode: String
    /// The `message` of the JSON body.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, status: Int, errorCode: String, message: String) {
        self.code = code
        self.status = status
        self.errorCode = errorCode
        self.message = message
    }

    /// The daprd answer to a `ScheduleError`.
    init(_ error: ScheduleError) {
        self.init(.invalidRequest, status: error.httpStatus, errorCode: error.errorCode, message: error.message)
    }

    /// A body protojson would not parse: 400 `ERR_MALFORMED_REQUEST`.
    static func malformed(_ reason: String) -> JobsError {
        JobsError(ScheduleError(.malformedRequest, reason))
    }

    /// The 409 of a second schedule call without `overwrite` (the Scheduler's AlreadyExists, Dapr 1.16+).
    static func alreadyExists(_ name: String) -> JobsError {
        JobsError(
            .alreadyExists, status: 409, errorCode: "DAPR_SCHEDULER_SCHEDULE_JOB",
            message: "failed to schedule job due to: rpc error: code = AlreadyExists desc = job already exists: \(name)")
    }

    /// The 500 of a GET for a job that does not exist.
    static func notFound(_ name: String) -> JobsError {
        JobsError(
            .notFound, status: 500, errorCode: "DAPR_SCHEDULER_GET_JOB",
            message: "failed to get job due to: rpc error: code = NotFound desc = job not found: \(name)")
    }

    /// A storage failure while handling `operation` (`schedule`, `get`, `delete`).
    static func storage(_ operation: String, _ error: any Error) -> JobsError {
        let code =
            operation == "get"
            ? "DAPR_SCHEDULER_GET_JOB" : operation == "delete" ? "DAPR_SCHEDULER_DELETE_JOB" : "DAPR_SCHEDULER_SCHEDULE_JOB"
        return JobsError(.storage, status: 500, errorCode: code, message: "failed to \(operation) job due to: \(error)")
    }

    /// The engine is not running.
    static let notStarted = JobsError(
        .notStarted, status: 500, errorCode: "DAPR_SCHEDULER_SCHEDULE_JOB", message: "the jobs engine is not running")

    /// The `{"errorCode","message"}` response.
    var response: HTTPResponse {
        var body = "{\"errorCode\":"
        body += JSONValue.protojsonQuoted(errorCode)
        body += ",\"message\":"
        body += JSONValue.protojsonQuoted(message)
        body += "}"
        return HTTPResponse(status: HTTPStatus(code: status), contentType: "application/json", text: body)
    }

    /// A readable rendering.
    package var description: String { "\(errorCode) (\(status)): \(message)" }
}
