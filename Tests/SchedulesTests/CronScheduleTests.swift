import FoundationEssentials
import Schedules
import Testing

/// Parses an RFC 3339 instant for the tables.
func instant(_ text: String) throws -> Date { try PointInTime.resolve(text, from: Date(timeIntervalSince1970: 0)) }

@Suite struct CronScheduleTests {
    /// (expression, after, expected next fire or nil). 2026-11-26 is a Thursday.
    static let jobCases: [(String, String, String?)] = [
        ("* * * * * *", "2026-03-01T10:00:00Z", "2026-03-01T10:00:01Z"),
        ("* * * * * *", "2026-03-01T10:00:00.900Z", "2026-03-01T10:00:01Z"),
        ("0 * * * * *", "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z"),
        ("0 30 9 * * *", "2026-03-01T10:00:00Z", "2026-03-02T09:30:00Z"),
        ("*/15 * * * * *", "2026-03-01T10:00:07Z", "2026-03-01T10:00:15Z"),
        ("5/20 * * * * *", "2026-03-01T10:00:26Z", "2026-03-01T10:00:45Z"),
        ("0 0 0 1 * *", "2026-01-31T12:00:00Z", "2026-02-01T00:00:00Z"),
        ("0 0 0 31 * *", "2026-02-01T00:00:00Z", "2026-03-31T00:00:00Z"),
        ("0 0 0 31 * *", "2026-04-15T00:00:00Z", "2026-05-31T00:00:00Z"),
        ("0 0 0 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("0 0 0 29 FEB *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"),
        ("0 0 0 28-29 2 *", "2027-02-28T00:00:00Z", "2028-02-28T00:00:00Z"),
        ("0 0 0 29 2 *", "2097-01-01T00:00:00Z", nil),
        ("0 0 0 29 2 *", "2099-03-01T00:00:00Z", "2104-02-29T00:00:00Z"),
        ("0 0 0 30 2 *", "2026-01-01T00:00:00Z", nil),
        ("0 0 12 * * MON-FRI", "2026-11-27T13:00:00Z", "2026-11-30T12:00:00Z"),
        ("0 0 12 * * sat,sun", "2026-11-26T00:00:00Z", "2026-11-28T12:00:00Z"),
        ("0 0 0 13 * FRI", "2026-11-26T00:00:00Z", "2026-11-27T00:00:00Z"),
        ("0 0 0 13 * ?", "2026-11-26T00:00:00Z", "2026-12-13T00:00:00Z"),
        ("0 0 0 ? * 0", "2026-11-26T00:00:00Z", "2026-11-29T00:00:00Z"),
        ("0 0 0 1 * SUN", "2026-11-26T00:00:00Z", "2026-11-29T00:00:00Z"),
        ("0 0 6 * * 1-5/2", "2026-11-26T00:00:00Z", "2026-11-27T06:00:00Z"),
        ("0 0 0 1 JAN-MAR *", "2026-04-10T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("0 0 0 1 jul *", "2026-11-26T00:00:00Z", "2027-07-01T00:00:00Z"),
        ("0 0 0 1 1 *", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("59 59 23 31 12 *", "2026-12-31T23:59:58Z", "2026-12-31T23:59:59Z"),
        ("0,30 0 0 * * *", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"),
        ("0 0 9-17/4 * * *", "2026-11-26T13:00:00Z", "2026-11-26T17:00:00Z"),
        ("@hourly", "2026-03-01T10:20:00Z", "2026-03-01T11:00:00Z"),
        ("@daily", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"),
        ("@midnight", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"),
        ("@weekly", "2026-11-26T08:00:00Z", "2026-11-29T00:00:00Z"),
        ("@monthly", "2026-11-26T08:00:00Z", "2026-12-01T00:00:00Z"),
        ("@yearly", "2026-11-26T08:00:00Z", "2027-01-01T00:00:00Z"),
        ("@annually", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
        ("@every 90s", "2026-03-01T10:00:00.250Z", "2026-03-01T10:01:30.250Z"),
        ("@every 1h30m", "2026-03-01T10:00:00Z", "2026-03-01T11:30:00Z"),
        ("@every 1500us", "2026-03-01T10:00:00.0004Z", "2026-03-01T10:00:00.001Z"),
        ("@every 0s", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00.001Z"),
        ("CRON_TZ=Asia/Kolkata 0 30 9 * * *", "2026-11-26T00:00:00Z", "2026-11-26T04:00:00Z"),
        ("TZ=Etc/GMT+5 0 0 0 * * *", "2026-11-26T00:00:00Z", "2026-11-26T05:00:00Z"),
        ("CRON_TZ=UTC 0 0 0 * * *", "2026-11-26T10:00:00Z", "2026-11-27T00:00:00Z"),
    ]

    @Test("job schedules fire at the known next instant", arguments: jobCases)
    func next(expression: String, after: String, expected: String?) throws {
        let schedule = try CronSchedule(expression, syntax: .jobs)
        let next = schedule.next(after: try instant(after))
        #expect(next == (try expected.map(instant)), "\(expression) after \(after)")
    }

    static let bindingCases: [(String, String, String)] = [
        ("*/5 * * * *", "2026-03-01T10:02:00Z", "2026-03-01T10:05:00Z"),
        ("30 9 * * MON", "2026-11-26T00:00:00Z", "2026-11-30T09:30:00Z"),
        ("*/5 * * * * *", "2026-03-01T10:02:00Z", "2026-03-01T10:02:05Z"),
        ("@every 15m", "2026-03-01T10:02:00Z", "2026-03-01T10:17:00Z"),
        ("CRON_TZ=UTC @every 10s", "2026-03-01T10:02:00Z", "2026-03-01T10:02:10Z"),
    ]

    @Test("the cron binding takes five fields or six with seconds", arguments: bindingCases)
    func binding(expression: String, after: String, expected: String) throws {
        let schedule = try CronSchedule(expression, syntax: .cronBinding)
        #expect(schedule.next(after: try instant(after)) == (try instant(expected)))
    }

    /// Every rejection and kit/cron's exact wording.
    static let rejections: [(String, String)] = [
        ("", "empty spec string"),
        ("0 30 * * *", "expected exactly 6 fields, found 5: [0 30 * * *]"),
        ("* * * * * * *", "expected exactly 6 fields, found 7: [* * * * * * *]"),
        ("60 * * * * *", "end of range (60) above maximum (59): 60"),
        ("* * 24 * * *", "end of range (24) above maximum (23): 24"),
        ("* * * 0 * *", "beginning of range (0) below minimum (1): 0"),
        ("* * * 32 * *", "end of range (32) above maximum (31): 32"),
        ("* * * * 13 *", "end of range (13) above maximum (12): 13"),
        ("* * * * * 7", "end of range (7) above maximum (6): 7"),
        ("5-1 * * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
        ("1-2-3 * * * * *", "too many hyphens: 1-2-3"),
        ("*/5/2 * * * * *", "too many slashes: */5/2"),
        ("*/0 * * * * *", "step of range should be a positive number: */0"),
        ("*/-5 * * * * *", "negative number (-5) not allowed: -5"),
        ("a * * * * *", #"failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax"#),
        ("* * * * * MOX", #"failed to parse int from MOX: strconv.Atoi: parsing "MOX": invalid syntax"#),
        (
            "99999999999999999999 * * * * *",
            #"failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range"#
        ),
        ("@fortnightly", "unrecognized descriptor: @fortnightly"),
        ("@every", "unrecognized descriptor: @every"),
        ("@every 5", #"failed to parse duration @every 5: time: missing unit in duration "5""#),
        ("@every 5x", #"failed to parse duration @every 5x: time: unknown unit "x" in duration "5x""#),
        ("CRON_TZ=UTC", "timezone prefix CRON_TZ=UTC is not followed by a schedule"),
        ("CRON_TZ=Not/AZone 0 0 9 * * *", "provided bad location Not/AZone: unknown time zone Not/AZone"),
        ("TZ=../../etc/passwd 0 0 9 * * *", "provided bad location ../../etc/passwd: unknown time zone ../../etc/passwd"),
        ("CRON_TZ=UTC @every 5s", "timezone prefix is not supported with @every: CRON_TZ=UTC @every 5s"),
    ]

    @Test("invalid job schedules are rejected with kit/cron's message", arguments: rejections)
    func rejected(expression: String, reason: String) {
        #expect(throws: ScheduleError.self) { try CronSchedule(expression) }
        do {
            _ = try CronSchedule(expression)
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test("a zone with daylight saving time keeps the wall-clock time across its transitions")
    func daylightSaving() throws {
        let schedule = try CronSchedule("CRON_TZ=Europe/Berlin 0 0 9 * * *")
        // 2026-03-29 Berlin springs forward: 09:00 is 08:00Z the day before and 07:00Z the day after.
        let before = try #require(schedule.next(after: Date(timeIntervalSince1970: 1_774_684_800)))  // 2026-03-28T08:00Z
        #expect(before.timeIntervalSince1970 == 1_774_684_800 + 86_400 - 3_600)
    }

    @Test("five fields are refused for jobs but six are refused for nothing in the binding")
    func fieldCounts() throws {
        #expect(throws: ScheduleError.self) { try CronSchedule("* * * *", syntax: .cronBinding) }
        #expect(throws: ScheduleError.self) { try CronSchedule("* * * * * * *", syntax: .cronBinding) }
        _ = try CronSchedule("* * * * *", syntax: .cronBinding)
    }
}
