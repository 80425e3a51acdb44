import FoundationEssentials
import Recurrence
import Schedules
import Testing

/// Occurrences of `rule` from `start` (ISO 8601, local in `zone` unless it has an offset), formatted with offsets.
func expand(_ rule: String, _ start: String, zone: String = "UTC", limit: Int = 5) throws -> [String] {
    let zone = try ZoneInfo.named(zone)
    let start = try #require(ICalDateTime(start))
    let instant = start.instant(in: zone)
    let recurrence = try Recurrence(
        rule: try RecurrenceRule(parsing: rule), startLocal: instant + Int64(zone.offset(atUTC: instant)), zone: zone)
    return recurrence.occurrences(after: nil, limit: limit).map { ICalDateTime.iso8601($0, in: zone) }
}

@Suite("Recurrence: wall-clock time across DST, month ends, anchors")
struct RecurrenceTests {
    @Test("a daily 09:00 stays 09:00 across Paris's spring-forward")
    func dailyAcrossSpringForward() throws {
        #expect(
            try expand("FREQ=DAILY", "2026-03-28T09:00", zone: "Europe/Paris", limit: 3) == [
                "2026-03-28T09:00:00+01:00", "2026-03-29T09:00:00+02:00", "2026-03-30T09:00:00+02:00",
            ])
    }

    @Test("a time inside the spring-forward gap moves forward by the gap on that day only")
    func gap() throws {
        #expect(
            try expand("FREQ=DAILY", "2026-03-28T02:30", zone: "Europe/Paris", limit: 3) == [
                "2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00",
            ])
        #expect(
            try expand("FREQ=DAILY", "2026-03-07T02:30", zone: "America/New_York", limit: 3) == [
                "2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00",
            ])
    }

    @Test("a time that happens twice at fall-back is its first occurrence, once")
    func overlap() throws {
        #expect(
            try expand("FREQ=WEEKLY", "2026-10-25T01:30", zone: "America/New_York", limit: 3) == [
                "2026-10-25T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-08T01:30:00-05:00",
            ])
        #expect(
            try expand("FREQ=DAILY", "2026-10-24T02:30", zone: "Europe/Paris", limit: 3) == [
                "2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00",
            ])
    }

    @Test("Lord Howe's 30-minute DST: the gap and the overlap")
    func lordHowe() throws {
        #expect(
            try expand("FREQ=DAILY", "2026-10-03T02:15", zone: "Australia/Lord_Howe", limit: 3) == [
                "2026-10-03T02:15:00+10:30", "2026-10-04T02:45:00+11:00", "2026-10-05T02:15:00+11:00",
            ])
        #expect(
            try expand("FREQ=DAILY", "2026-04-04T01:45", zone: "Australia/Lord_Howe", limit: 3) == [
                "2026-04-04T01:45:00+11:00", "2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30",
            ])
    }

    @Test("Kiritimati (+14) and the last Friday of the month")
    func kiritimati() throws {
        #expect(
            try expand("FREQ=MONTHLY;BYDAY=-1FR", "2026-01-30T08:00", zone: "Pacific/Kiritimati", limit: 3) == [
                "2026-01-30T08:00:00+14:00", "2026-02-27T08:00:00+14:00", "2026-03-27T08:00:00+14:00",
            ])
    }

    @Test("far-future occurrences follow the footer rule's DST")
    func farFuture() throws {
        #expect(
            try expand("FREQ=YEARLY;BYMONTH=1,7", "2200-01-01T12:00", zone: "Europe/Paris", limit: 2) == [
                "2200-01-01T12:00:00+01:00", "2200-07-01T12:00:00+02:00",
            ])
    }

    @Test("monthly on the 31st skips shorter months (RFC 5545); BYMONTHDAY=-1 is the last day")
    func monthEnd() throws {
        #expect(
            try expand("FREQ=MONTHLY", "2026-01-31T09:00", limit: 4) == [
                "2026-01-31T09:00:00Z", "2026-03-31T09:00:00Z", "2026-05-31T09:00:00Z", "2026-07-31T09:00:00Z",
            ])
        #expect(
            try expand("FREQ=MONTHLY;BYMONTHDAY=-1", "2028-01-31T09:00", limit: 3) == [
                "2028-01-31T09:00:00Z", "2028-02-29T09:00:00Z", "2028-03-31T09:00:00Z",
            ])
        #expect(try expand("FREQ=YEARLY", "2024-02-29T09:00", limit: 2) == ["2024-02-29T09:00:00Z", "2028-02-29T09:00:00Z"])
    }

    @Test("yearly with BYSETPOS: the last weekday of each year")
    func setPosition() throws {
        #expect(
            try expand("FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2026-01-01T17:00", limit: 3) == [
                "2026-12-31T17:00:00Z", "2027-12-31T17:00:00Z", "2028-12-29T17:00:00Z",
            ])
    }

    @Test("next(after:) far from the start matches walking from the start")
    func nextAfterJumps() throws {
        let zone = try ZoneInfo.named("Europe/Paris")
        let start = try #require(ICalDateTime("2026-01-02T09:00")).instant(in: zone)
        for text in ["FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;WKST=SU", "FREQ=MONTHLY;BYDAY=2MO,-1FR"] {
            let series = try Recurrence(
                rule: try RecurrenceRule(parsing: text), start: Date(timeIntervalSince1970: Double(start)), zone: zone)
            let walked = series.occurrences(after: nil, limit: 400)
            for index in stride(from: 10, to: 390, by: 37) {
                #expect(series.next(after: walked[index]) == walked[index + 1], "\(text) #\(index)")
                let between = walked[index].addingTimeInterval(-1)
                #expect(series.next(after: between) == walked[index], "\(text) #\(index) - 1 s")
            }
        }
    }

    @Test("schedule anchor catches up to the future; completion anchor restarts on the completion day")
    func anchors() throws {
        let zone = try ZoneInfo.named("Europe/Paris")
        let due = Date(timeIntervalSince1970: Double(try #require(ICalDateTime("2026-03-02T09:00")).instant(in: zone)))
        let now = Date(timeIntervalSince1970: Double(try #require(ICalDateTime("2026-03-30T12:00")).instant(in: zone)))
        let rule = try RecurrenceRule(parsing: "FREQ=DAILY;INTERVAL=3")
        let scheduled = try #require(Recurrence.nextDue(rule: rule, due: due, zone: zone, fromCompletion: false, now: now))
        #expect(ICalDateTime.iso8601(scheduled, in: zone) == "2026-04-01T09:00:00+02:00")
        let completed = try #require(Recurrence.nextDue(rule: rule, due: due, zone: zone, fromCompletion: true, now: now))
        #expect(ICalDateTime.iso8601(completed, in: zone) == "2026-04-02T09:00:00+02:00")
        let counted = try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=3")
        #expect(
            Recurrence.nextDue(rule: counted, due: due, zone: zone, fromCompletion: false, now: due, occurrencesBefore: 2) == nil)
    }
}
