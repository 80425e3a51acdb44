package import FoundationEssentials

/// When a Dapr job fires: its `dueTime`, `schedule`, `repeats` and `ttl`, validated as the Scheduler does
/// (go-etcd-cron's `Builder.Parse`) and resolved to instants.
///
/// ```swift
/// let job = try JobSchedule(schedule: "@every 1m", dueTime: "2026-09-01T10:00:00Z", repeats: 5, ttl: "1h", now: .now)
/// var fire = job.nextFire(count: 0, last: nil)          // the due time
/// fire = job.nextFire(count: 1, last: fire)             // one minute later
/// ```
package struct JobSchedule: Hashable, Sendable {
    /// The recurring schedule, if any.
    package let schedule: CronSchedule?
    /// The first trigger, when `dueTime` was given (it fires even if already past).
    package let dueTime: Date?
    /// When the schedule's clock starts without a `dueTime` (creation, truncated to the second); not itself a trigger.
    package let start: Date
    /// The total number of triggers, if limited.
    package let repeats: Int?
    /// No trigger after this instant (from `ttl`).
    package let expiration: Date?

    /// Validates and resolves a job's timing fields.
    /// - Parameters:
    ///   - schedule: Cron (6 fields) or descriptor; nil when absent (an empty string is present and invalid).
    ///   - dueTime: RFC 3339, Go duration or ISO 8601 duration, relative to `now`.
    ///   - repeats: Total triggers; must be > 0 when given; > 1 requires `schedule`.
    ///   - ttl: Same grammar as `dueTime`, relative to the due time if set; requires `schedule`.
    ///   - now: The creation instant.
    /// - Throws: `ScheduleError` with daprd's status, `errorCode` and message for every rejection of §4.2.
    package init(schedule: String?, dueTime: String?, repeats: Int?, ttl: String?, now: Date) throws(ScheduleError) {
        func invalid(_ reason: String) -> ScheduleError { ScheduleError(.scheduleJob, "job failed validation: \(reason)") }
        guard schedule != nil || dueTime != nil else { throw ScheduleError(.scheduleEmpty, "Schedule is empty") }
        if let repeats, repeats < 0 || repeats > Int(UInt32.max) {
            throw ScheduleError(.malformedRequest, "repeats must be an unsigned 32-bit integer, got \(repeats)")
        }
        if schedule == nil, let repeats, repeats > 1 { throw invalid("job must have a schedule to repeat") }
        if let repeats, repeats < 1 { throw invalid("defined repeats must be greater than 0") }
        if schedule == nil, ttl != nil { throw invalid("job must have a schedule to have a ttl") }
        do {
            self.schedule = try schedule.map { (text) throws(ScheduleError) in try CronSchedule(text, syntax: .jobs) }
        } catch {
            throw invalid(error.reason)
        }
        let start = Date(unixMicros: CivilTime.floorDiv(now.unixMicros, 1_000_000) * 1_000_000)
        self.start = start
        do {
            self.dueTime = try dueTime.map { (text) throws(ScheduleError) in try PointInTime.resolve(text, from: start) }
        } catch {
            throw invalid(error.reason)
        }
        if let ttl {
            guard let end = try? PointInTime.resolve(ttl, from: self.dueTime ?? start) else {
                throw invalid("ttl format not recognized")
            }
            if let due = self.dueTime, due > end { throw invalid("ttl must be greater than due time") }
            expiration = end
        } else {
            expiration = nil
        }
        self.repeats = repeats
    }

    /// The next trigger given how many have happened, exactly as the Scheduler computes it.
    /// - Parameters:
    ///   - count: Triggers so far.
    ///   - last: The instant of the last trigger, nil before the first.
    /// - Returns: The next instant (possibly in the past: a missed trigger fires at once), or nil when the job is done.
    package func nextFire(count: Int, last: Date?) -> Date? {
        if let repeats, count >= repeats { return nil }
        guard let schedule else { return count == 0 ? dueTime : nil }
        let next: Date?
        if let last {
            next = schedule.next(after: last)
        } else {
            next = dueTime ?? schedule.next(after: start)
        }
        // The Scheduler skips this check for a first trigger without dueTime; the TTL is honoured for every trigger here.
        guard let next, expiration.map({ next <= $0 }) ?? true else { return nil }
        return next
    }

    /// The first trigger strictly after `date`, counting triggers from the start so `repeats` and `ttl` hold.
    ///
    /// A one-shot job or the due time itself is returned only if it lies after `date`; use `nextFire(count:last:)` to
    /// catch up on triggers missed while stopped (and for long-running jobs: it is O(1)).
    package func nextFire(after date: Date) -> Date? {
        guard let first = nextFire(count: 0, last: nil) else { return nil }
        if first > date { return first }
        guard let schedule else { return nil }
        let candidate: Date?
        var count: Int
        if let delay = schedule.constantDelay {
            // `@every`: triggers k ≥ 1 are the first, floored to the millisecond, plus k delays.
            let base = first.unixMicros - first.unixMicros % 1_000
            let (elapsed, overflow) = date.unixMicros.subtractingReportingOverflow(base)
            let k = elapsed / delay + 1
            let (offset, offsetOverflow) = k.multipliedReportingOverflow(by: delay)
            let (micros, sumOverflow) = base.addingReportingOverflow(offset)
            guard !overflow, !offsetOverflow, !sumOverflow else { return nil }
            candidate = Date(unixMicros: micros)
            count = Int(clamping: k)
        } else if repeats == nil {
            candidate = schedule.next(after: date)
            count = 0
        } else {
            var last = first
            count = 1
            while let next = nextFire(count: count, last: last), next <= date {
                last = next
                count += 1
            }
            return nextFire(count: count, last: last)
        }
        guard let candidate, repeats.map({ count < $0 }) ?? true, expiration.map({ candidate <= $0 }) ?? true else {
            return nil
        }
        return candidate
    }
}
