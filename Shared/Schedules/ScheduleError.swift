/// A rejected job or cron schedule, carrying the status, `errorCode` and `message` daprd answers with.
///
/// `reason` is the underlying Go error text (`job must have a schedule to repeat`); `message` is what daprd puts in
/// the response body (`failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: …`).
package struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which rule was broken.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case scheduleEmpty, jobNameEmpty, jobNameInBody, malformedRequest, scheduleJob, invalidCron, invalidDuration
            case invalidPointInTime, unsupportedTimeZone
        }
        private let value: Value

        /// Neither `schedule` nor `dueTime`: 400 `DAPR_SCHEDULER_SCHEDULE_EMPTY` "Schedule is empty".
        package static let scheduleEmpty = Code(value: .scheduleEmpty)
        /// An empty name or one containing `|`: 400 `DAPR_SCHEDULER_JOB_NAME_EMPTY` "Name is empty".
        package static let jobNameEmpty = Code(value: .jobNameEmpty)
        /// A `name` in the request body: 400 `DAPR_SCHEDULER_JOB_NAME` "Set the job name in the url only".
        package static let jobNameInBody = Code(value: .jobNameInBody)
        /// A value protojson rejects (`"repeats": -1`): 400 `ERR_MALFORMED_REQUEST`.
        package static let malformedRequest = Code(value: .malformedRequest)
        /// The Scheduler's validation failed: 500 `DAPR_SCHEDULER_SCHEDULE_JOB`.
        package static let scheduleJob = Code(value: .scheduleJob)
        /// A cron expression or descriptor does not parse (the `reason` is the parser's text).
        package static let invalidCron = Code(value: .invalidCron)
        /// A Go duration does not parse.
        package static let invalidDuration = Code(value: .invalidDuration)
        /// A `dueTime`/`ttl` is neither RFC 3339, a Go duration nor an ISO 8601 duration.
        package static let invalidPointInTime = Code(value: .invalidPointInTime)
        /// A `CRON_TZ=`/`TZ=` zone (or any zone name) that is not in the tz database.
        package static let unsupportedTimeZone = Code(value: .unsupportedTimeZone)

        /// A readable rendering.
        package var description: String { value.rawValue }
    }

    /// Which rule was broken.
    package var code: Code
    /// The underlying error text, as Go's scheduler or parser words it.
    package var reason: String

    /// Creates an error.
    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The HTTP status daprd answers with.
    package var httpStatus: Int {
        switch code {
        case .scheduleEmpty, .jobNameEmpty, .jobNameInBody, .malformedRequest: 400
        default: 500
        }
    }

    /// The `errorCode` of daprd's JSON error body.
    package var errorCode: String {
        switch code {
        case .scheduleEmpty: "DAPR_SCHEDULER_SCHEDULE_EMPTY"
        case .jobNameEmpty: "DAPR_SCHEDULER_JOB_NAME_EMPTY"
        case .jobNameInBody: "DAPR_SCHEDULER_JOB_NAME"
        case .malformedRequest: "ERR_MALFORMED_REQUEST"
        default: "DAPR_SCHEDULER_SCHEDULE_JOB"
        }
    }

    /// The `message` of daprd's JSON error body.
    package var message: String {
        switch code {
        case .scheduleEmpty: "Schedule is empty"
        case .jobNameEmpty: "Name is empty"
        case .jobNameInBody: "Set the job name in the url only"
        case .malformedRequest: reason
        default: "failed to schedule job due to: rpc error: code = Unknown desc = \(reason)"
        }
    }

    /// A readable rendering.
    package var description: String { "\(errorCode) (\(httpStatus)): \(message)" }
}
