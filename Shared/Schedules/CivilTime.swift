package import FoundationEssentials

/// A proleptic-Gregorian wall-clock time (year … second) with the day arithmetic cron and durations need.
///
/// Instants are whole microseconds since the Unix epoch, which a `Date` holds exactly for the next few centuries.
package struct CivilTime: Hashable, Sendable {
    package var year: Int
    package var month: Int
    package var day: Int
    package var hour: Int
    package var minute: Int
    package var second: Int

    /// The weekday, 0 = Sunday.
    package var weekday: Int {
        let days = CivilTime.days(year: year, month: month, day: day)
        return Int((days % 7 + 11) % 7)  // 1970-01-01 was a Thursday (4).
    }

    /// Creates a time, normalising overflowing fields the way Go's `time.Date` does (month 13 → January next year).
    package init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let monthIndex = year * 12 + (month - 1)
        let normalYear = Int((Double(monthIndex) / 12).rounded(.down))
        let normalMonth = monthIndex - normalYear * 12 + 1
        let seconds =
            (CivilTime.days(year: normalYear, month: normalMonth, day: 1) + Int64(day - 1)) * 86_400
            + Int64(hour) * 3_600 + Int64(minute) * 60 + Int64(second)
        self.init(seconds: seconds)
    }

    /// The wall-clock time of `seconds` since 1970-01-01T00:00:00 (in whatever zone those seconds count).
    package init(seconds: Int64) {
        let days = Self.floorDiv(seconds, 86_400)
        let rest = Int(seconds - days * 86_400)
        (year, month, day) = Self.civil(days: days)
        hour = rest / 3_600
        minute = rest % 3_600 / 60
        second = rest % 60
    }

    /// Seconds since 1970-01-01T00:00:00 of this wall-clock time.
    package var seconds: Int64 {
        Self.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of a date (Howard Hinnant's `days_from_civil`).
    package static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    package static func civil(days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (Int(yoe + era * 400) + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days in a month of the proleptic Gregorian calendar.
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Division rounding toward negative infinity.
    package static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}

extension Date {
    /// The instant `micros` microseconds after the Unix epoch.
    package init(unixMicros micros: Int64) {
        self.init(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// Whole microseconds since the Unix epoch (rounded), saturating far outside the representable range.
    package var unixMicros: Int64 {
        let value = (timeIntervalSince1970 * 1_000_000).rounded()
        guard value.isFinite else { return value > 0 ? .max : .min }
        return value >= 9.2e18 ? .max : value <= -9.2e18 ? .min : Int64(value)
    }
}
