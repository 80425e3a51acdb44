import FoundationEssentials
import Schedules
import Testing

@Suite struct JobScheduleTests {
    static let now = Date(timeIntervalSince1970: 1_795_687_200.7)  // 2026-11-26T10:00:00.7Z

    /// (schedule, dueTime, repeats, ttl, HTTP status, errorCode, message): every rejection of contract §4.2.
    static let rejections: [(String?, String?, Int?, String?, Int, String, String)] = [
        (nil, nil, nil, nil, 400, "DAPR_SCHEDULER_SCHEDULE_EMPTY", "Schedule is empty"),
        (nil, nil, 3, "1h", 400, "DAPR_SCHEDULER_SCHEDULE_EMPTY", "Schedule is empty"),
        ("@daily", nil, -1, nil, 400, "ERR_MALFORMED_REQUEST", "repeats must be an unsigned 32-bit integer, got -1"),
        (
            nil, "10s", 2, nil, 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: job must have a schedule to repeat"
        ),
        (
            "@daily", nil, 0, nil, 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: defined repeats must be greater than 0"
        ),
        (
            nil, "10s", nil, "1h", 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: job must have a schedule to have a ttl"
        ),
        (
            "0 30 * * *", nil, nil, nil, 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: expected exactly 6 fields, found 5: [0 30 * * *]"
        ),
        (
            "", nil, nil, nil, 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: empty spec string"
        ),
        (
            "2h45m", nil, nil, nil, 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: expected exactly 6 fields, found 1: [2h45m]"
        ),
        (
            "@daily", "tomorrow", nil, nil, 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: due time format not recognized"
        ),
        (
            "@daily", "2026-02-30T00:00:00Z", nil, nil, 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: due time format not recognized"
        ),
        (
            nil, "R5/PT1M", nil, nil, 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: repeats not supported for due time"
        ),
        (
            "@daily", nil, nil, "soon", 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: ttl format not recognized"
        ),
        (
            "@daily", nil, nil, "R2/PT1H", 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: ttl format not recognized"
        ),
        (
            "@daily", "2h", nil, "2026-11-26T11:00:00Z", 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: ttl must be greater than due time"
        ),
        (
            "@daily", "1h", nil, "-1s", 500, "DAPR_SCHEDULER_SCHEDULE_JOB",
            "failed to schedule job due to: rpc error: code = Unknown desc = job failed validation: ttl must be greater than due time"
        ),
    ]

    @Test("invalid jobs get daprd's status, errorCode and message", arguments: rejections)
    func rejected(schedule: String?, dueTime: String?, repeats: Int?, ttl: String?, status: Int, code: String, message: String) {
        do {
            _ = try JobSchedule(schedule: schedule, dueTime: dueTime, repeats: repeats, ttl: ttl, now: Self.now)
            Issue.record("accepted \(String(describing: schedule)) \(String(describing: dueTime))")
        } catch {
            #expect(error.httpStatus == status)
            #expect(error.errorCode == code)
            #expect(error.message == message)
        }
    }

    /// (dueTime, expected instant) with now = 2026-11-26T10:00:00.7Z, truncated to the second for durations.
    static let dueTimes: [(String, String)] = [
        ("2026-09-01T10:00:00Z", "2026-09-01T10:00:00Z"),
        ("2026-12-01T10:00:00.5+02:00", "2026-12-01T08:00:00.5Z"),
        ("2026-12-01T10:00:00-05:30", "2026-12-01T15:30:00Z"),
        ("0s", "2026-11-26T10:00:00Z"),
        ("0", "2026-11-26T10:00:00Z"),
        ("30s", "2026-11-26T10:00:30Z"),
        ("1h30m", "2026-11-26T11:30:00Z"),
        ("1.5h", "2026-11-26T11:30:00Z"),
        ("500ms", "2026-11-26T10:00:00.5Z"),
        ("-1h", "2026-11-26T09:00:00Z"),
        ("P1DT2H", "2026-11-27T12:00:00Z"),
        ("PT90M", "2026-11-26T11:30:00Z"),
        ("P2W", "2026-12-10T10:00:00Z"),
        ("P1M", "2026-12-26T10:00:00Z"),
        ("P1Y2M3DT4H5M6S", "2028-01-29T14:05:06Z"),
        ("R0/PT1M", "2026-11-26T10:01:00Z"),
    ]

    @Test("dueTime accepts RFC 3339, Go durations and ISO 8601 durations", arguments: dueTimes)
    func dueTime(text: String, expected: String) throws {
        let job = try JobSchedule(schedule: nil, dueTime: text, repeats: nil, ttl: nil, now: Self.now)
        #expect(job.dueTime == (try instant(expected)))
        #expect(job.nextFire(count: 0, last: nil) == job.dueTime)
        #expect(job.nextFire(count: 1, last: job.dueTime) == nil)
    }

    @Test("ISO 8601 months add like Go's AddDate, overflowing short months and leap days")
    func calendarMonths() throws {
        let january31 = try instant("2026-01-31T00:00:00Z")
        #expect(try PointInTime.resolve("P1M", from: january31) == (try instant("2026-03-03T00:00:00Z")))
        let leapDay = try instant("2028-02-29T00:00:00Z")
        #expect(try PointInTime.resolve("P1Y", from: leapDay) == (try instant("2029-03-01T00:00:00Z")))
    }

    @Test("a repeating job fires at the due time, then on its schedule, and stops after repeats")
    func repeats() throws {
        let job = try JobSchedule(schedule: "@every 1m", dueTime: "2026-11-26T12:00:00Z", repeats: 3, ttl: nil, now: Self.now)
        var fires: [Date] = []
        var last: Date? = nil
        while let next = job.nextFire(count: fires.count, last: last) {
            fires.append(next)
            last = next
        }
        #expect(
            fires == [
                try instant("2026-11-26T12:00:00Z"), try instant("2026-11-26T12:01:00Z"), try instant("2026-11-26T12:02:00Z"),
            ])
        #expect(job.nextFire(after: try instant("2026-11-26T12:00:30Z")) == (try instant("2026-11-26T12:01:00Z")))
        #expect(job.nextFire(after: try instant("2026-11-26T12:02:00Z")) == nil)
        #expect(job.nextFire(after: try instant("2026-11-26T11:00:00Z")) == (try instant("2026-11-26T12:00:00Z")))
    }

    @Test("without a dueTime the first trigger is the schedule's first after creation, and ttl ends the job")
    func ttl() throws {
        let job = try JobSchedule(schedule: "*/10 * * * * *", dueTime: nil, repeats: nil, ttl: "25s", now: Self.now)
        #expect(job.expiration == (try instant("2026-11-26T10:00:25Z")))
        let first = try #require(job.nextFire(count: 0, last: nil))
        #expect(first == (try instant("2026-11-26T10:00:10Z")))
        let second = try #require(job.nextFire(count: 1, last: first))
        #expect(second == (try instant("2026-11-26T10:00:20Z")))
        #expect(job.nextFire(count: 2, last: second) == nil)
        #expect(job.nextFire(after: try instant("2026-11-26T10:00:12Z")) == second)
        #expect(job.nextFire(after: try instant("2026-11-26T10:00:20Z")) == nil)
    }

    @Test("ttl counts from the due time when one is given")
    func ttlFromDueTime() throws {
        let job = try JobSchedule(schedule: "@hourly", dueTime: "1h", repeats: nil, ttl: "2h", now: Self.now)
        #expect(job.expiration == (try instant("2026-11-26T13:00:00Z")))
        #expect(job.nextFire(after: try instant("2026-11-26T12:30:00Z")) == (try instant("2026-11-26T13:00:00Z")))
        #expect(job.nextFire(after: try instant("2026-11-26T13:00:00Z")) == nil)
    }

    @Test("an unlimited @every job stays on its grid far in the future")
    func everyGrid() throws {
        let job = try JobSchedule(
            schedule: "@every 7s", dueTime: "2026-11-26T10:00:00.250Z", repeats: nil, ttl: nil, now: Self.now)
        let later = try instant("2026-11-27T10:00:00Z")
        let next = try #require(job.nextFire(after: later))
        let offset = next.timeIntervalSince(try instant("2026-11-26T10:00:00Z"))
        #expect(next > later && next.timeIntervalSince(later) <= 7)
        #expect(abs((offset - 0.25).truncatingRemainder(dividingBy: 7)) < 0.000_001)
    }

    @Test("a past due time is still the first trigger, so a missed job fires on start-up")
    func missed() throws {
        let job = try JobSchedule(schedule: nil, dueTime: "2026-01-01T00:00:00Z", repeats: 1, ttl: nil, now: Self.now)
        #expect(job.nextFire(count: 0, last: nil) == (try instant("2026-01-01T00:00:00Z")))
        #expect(job.nextFire(after: Self.now) == nil)
    }
}
