package import FoundationEssentials
package import Schedules

/// "Now" in the user's zone: the day numbers and wall-clock times relative phrases resolve against, and back to
/// instants. Days are counted since 1970-01-01 (local); times are seconds into a local day.
package struct ChatClock: Sendable {
    /// The instant the message arrived.
    package let now: Date
    /// The user's zone.
    package let zone: ZoneInfo

    /// Makes a clock for `now` in `zone`.
    package init(now: Date, zone: ZoneInfo) {
        self.now = now
        self.zone = zone
    }

    /// Seconds since the epoch, now.
    var nowSeconds: Int64 { Int64(now.timeIntervalSince1970.rounded(.down)) }

    /// Local seconds (wall clock counted from 1970-01-01T00:00 local) of `date`.
    func local(_ date: Date) -> Int64 {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        return seconds + Int64(zone.offset(atUTC: seconds))
    }

    /// Today's local day number.
    var today: Int64 { CivilTime.floorDiv(local(now), 86_400) }

    /// Seconds into today, local.
    var secondsIntoToday: Int { Int(local(now) - today * 86_400) }

    /// The weekday of a day number, 0 = Sunday.
    static func weekday(_ day: Int64) -> Int { Int(((day % 7) + 11) % 7) }

    /// The civil date of a day number.
    static func civil(_ day: Int64) -> (year: Int, month: Int, day: Int) { CivilTime.civil(days: day) }

    /// The day number of a civil date, nil when it does not exist (Feb 30).
    static func day(year: Int, month: Int, day: Int) -> Int64? {
        guard (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day) else { return nil }
        return CivilTime.days(year: year, month: month, day: day)
    }

    /// The instant of `seconds` into local day `day` (RFC 5545's rule for gaps and overlaps).
    func instant(day: Int64, seconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(zone.utc(forLocal: day * 86_400 + Int64(seconds))))
    }

    /// The local day number of an instant.
    func day(of date: Date) -> Int64 { CivilTime.floorDiv(local(date), 86_400) }
}
