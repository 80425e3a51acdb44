package import FoundationEssentials

/// A job for the Dapr Scheduler (`POST /v1.0-alpha1/jobs/{name}`); daprd calls the app at `POST /job/{name}`.
///
/// ```swift
/// let job = try DaprJob(name: "reminder-\(reminder.id)", dueTime: DaprJob.timestamp(reminder.fireAt),
///                       data: reminderPayload, overwrite: true)
/// try await dapr.scheduleJob(job)
/// ```
package struct DaprJob: Sendable, Hashable {
    /// The job name, checked by `validateName(_:)` (reminders use `reminder-<id>`).
    package var name: String
    /// A 6-field cron with seconds (daprd 1.15+; 1.14 took 5 fields) or `@every 1m`, `@daily`, …
    package var schedule: String?
    /// When the first trigger is due: RFC 3339, a Go duration (`90s`) or ISO 8601 (`PT1M`).
    package var dueTime: String?
    /// How many times the job fires; more than 1 needs `schedule`.
    package var repeats: Int?
    /// When the job expires (same forms as `dueTime`); needs `schedule`.
    package var ttl: String?
    /// The payload as JSON text; daprd delivers exactly this as the trigger's body. Always sent: daprd 1.14.3–1.18.2
    /// cannot deliver a job scheduled over HTTP without `data`, so it defaults to `{}`.
    package var data: [UInt8]
    /// Replace a job of the same name (daprd 1.16+; without it, a second schedule is 409). 1.14–1.15 always replace.
    package var overwrite: Bool
    /// What the scheduler does when the app's trigger fails; nil leaves daprd's default (3 retries, 1 s apart).
    package var failurePolicy: FailurePolicy?

    /// A job's retry policy for failed triggers.
    package struct FailurePolicy: Sendable, Hashable {
        fileprivate enum Kind: Hashable, Sendable {
            case drop
            case constant(intervalSeconds: Double, maxRetries: Int?)
        }
        fileprivate let kind: Kind
        /// No retry.
        package static let drop = FailurePolicy(kind: .drop)
        /// Retries every `interval`, at most `maxRetries` times (nil: forever).
        package static func constant(interval: Duration, maxRetries: Int?) -> FailurePolicy {
            let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
            return FailurePolicy(kind: .constant(intervalSeconds: seconds, maxRetries: maxRetries))
        }
    }

    /// Creates a job.
    /// - Throws: `DaprError` `.invalidArgument` when the name is invalid or neither `schedule` nor `dueTime` is set.
    package init(
        name: String, schedule: String? = nil, dueTime: String? = nil, repeats: Int? = nil, ttl: String? = nil,
        data: [UInt8] = Array("{}".utf8), overwrite: Bool = false, failurePolicy: FailurePolicy? = nil
    ) throws {
        try Self.validateName(name)
        guard schedule != nil || dueTime != nil else {
            throw DaprError(code: .invalidArgument, message: "job \(name) needs a schedule or a dueTime")
        }
        self.init(
            uncheckedName: name, schedule: schedule, dueTime: dueTime, repeats: repeats, ttl: ttl, data: data,
            overwrite: overwrite, failurePolicy: failurePolicy)
    }

    /// Creates a job without checks (for jobs read back from daprd).
    init(
        uncheckedName name: String, schedule: String?, dueTime: String?, repeats: Int?, ttl: String?, data: [UInt8],
        overwrite: Bool, failurePolicy: FailurePolicy?
    ) {
        self.name = name
        self.schedule = schedule
        self.dueTime = dueTime
        self.repeats = repeats
        self.ttl = ttl
        self.data = data.isEmpty ? Array("{}".utf8) : data
        self.overwrite = overwrite
        self.failurePolicy = failurePolicy
    }

    /// Checks a job name as the Scheduler does: after dropping `_`, `:`, `-` and spaces and lower-casing, it must be a
    /// DNS-1123 subdomain (`[a-z0-9]([-a-z0-9.]*[a-z0-9])?`, at most 253 characters). So no `/`, `|`, `#`, `?`.
    /// - Throws: `DaprError` `.invalidArgument`.
    package static func validateName(_ name: String) throws {
        let folded = name.utf8.filter { !"_:- ".utf8.contains($0) }.map { ($0 >= 65 && $0 <= 90) ? $0 | 0x20 : $0 }
        let isAlphanumeric = { (byte: UInt8) in (48...57).contains(byte) || (97...122).contains(byte) }
        let valid =
            !name.trimmingASCIIWhitespace.isEmpty && !folded.isEmpty && folded.count <= 253
            && folded.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
            && isAlphanumeric(folded.first!) && isAlphanumeric(folded.last!)
        guard valid else {
            throw DaprError(code: .invalidArgument, message: "invalid job name \"\(name)\"")
        }
    }

    /// Formats a date as the RFC 3339 `dueTime`/`ttl` form (UTC, second precision).
    package static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt))
    }

    /// Formats a duration in the Go duration form the Scheduler parses (`90s`, `250ms`).
    package static func duration(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard attoseconds != 0 else { return "\(seconds)s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
    }

    /// The schedule request body (the name goes in the URL only; daprd rejects it in the body).
    func requestBody() -> [UInt8] {
        var writer = JSONBodyWriter()
        writer.beginObject()
        if let schedule { writer.key("schedule"); writer.string(schedule) }
        if let dueTime { writer.key("dueTime"); writer.string(dueTime) }
        if let repeats { writer.key("repeats"); writer.integer(repeats) }
        if let ttl { writer.key("ttl"); writer.string(ttl) }
        writer.key("data")
        writer.raw(data)
        if overwrite { writer.key("overwrite"); writer.bool(true) }
        if let failurePolicy {
            writer.key("failurePolicy")
            writer.beginObject()
            switch failurePolicy.kind {
            case .drop:
                writer.key("drop")
                writer.beginObject()
                writer.endObject()
            case .constant(let seconds, let maxRetries):
                writer.key("constant")
                writer.beginObject()
                writer.key("interval")
                // protobuf Duration JSON: seconds with an `s` suffix only ("2m" is rejected).
                writer.string(seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s")
                if let maxRetries { writer.key("maxRetries"); writer.integer(maxRetries) }
                writer.endObject()
            }
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }
}
