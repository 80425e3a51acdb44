import Schedules

/// The dates one period of a rule (a day, a week, a month or a year) yields, as python-dateutil and libical compute
/// them: every day of the period that passes `BYMONTH`, `BYMONTHDAY` and `BYDAY` (ordinals counted within the month,
/// or within the year for YEARLY without BYMONTH), then `BYSETPOS` over that set. Without `BYDAY`/`BYMONTHDAY`, the
/// start date supplies the day (RFC 5545's defaults): its weekday (WEEKLY), its day of month (MONTHLY) or its month
/// and day (YEARLY). A date that does not exist (February 30, or the 31st of a 30-day month) is simply never a day of
/// the period, so it is skipped, as RFC 5545 requires. YEARLY with BYMONTHDAY alone keeps the start's month.
struct PeriodExpander: Hashable, Sendable {
    let frequency: RecurrenceRule.Frequency
    let weekStart: Int
    /// Bit m set for each month allowed (0 when any).
    let months: UInt16
    /// Bits 1…31 for positive month days, 33…63 for -1…-31 (0 when any).
    let monthDays: UInt64
    /// Bit w for each weekday allowed without an ordinal.
    let weekdays: UInt8
    /// Weekdays with ordinals.
    let ordinals: [RecurrenceRule.WeekdayNumber]
    /// Whether ordinals count within the year (YEARLY without BYMONTH) instead of the month.
    let ordinalsInYear: Bool
    let setPositions: [Int]

    init(_ rule: RecurrenceRule, startDay: Int64) {
        let (_, month, day) = CivilTime.civil(days: startDay)
        frequency = rule.frequency
        weekStart = rule.weekStart
        var byMonth = rule.byMonth
        var byMonthDay = rule.byMonthDay
        var byDay = rule.byDay
        if rule.frequency == .yearly, byMonth.isEmpty, byDay.isEmpty, !byMonthDay.isEmpty {
            // RFC 5545 takes what the rule leaves out from DTSTART: YEARLY;BYMONTHDAY=29 is the 29th of the start's
            // month (libical's reading; python-dateutil takes every month instead).
            byMonth = [month]
        }
        if byDay.isEmpty, byMonthDay.isEmpty {
            switch rule.frequency {
            case .yearly:
                if byMonth.isEmpty { byMonth = [month] }
                byMonthDay = [day]
            case .monthly: byMonthDay = [day]
            case .weekly: byDay = [RecurrenceRule.WeekdayNumber(weekday: Int((startDay % 7 + 11) % 7))]
            case .daily: break
            }
        }
        months = byMonth.reduce(0) { $0 | 1 << UInt16($1) }
        monthDays = byMonthDay.reduce(0) { $0 | (1 << UInt64($1 > 0 ? $1 : 32 - $1)) }
        weekdays = byDay.filter { $0.ordinal == 0 }.reduce(0) { $0 | 1 << UInt8($1.weekday) }
        ordinals = byDay.filter { $0.ordinal != 0 }
        ordinalsInYear = rule.frequency == .yearly && rule.byMonth.isEmpty
        setPositions = rule.bySetPos
    }

    /// The days (since 1970-01-01, ascending) of the period starting on `first` and lasting `length` days.
    func days(from first: Int64, length: Int, into result: inout [Int64]) {
        result.removeAll(keepingCapacity: true)
        var (year, month, day) = CivilTime.civil(days: first)
        var monthLength = CivilTime.daysIn(month: month, year: year)
        var weekday = Int((first % 7 + 11) % 7)
        var date = first
        for _ in 0..<length {
            if matches(year: year, month: month, day: day, monthLength: monthLength, weekday: weekday, date: date) {
                result.append(date)
            }
            date += 1
            weekday = weekday == 6 ? 0 : weekday + 1
            day += 1
            if day > monthLength {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
                monthLength = CivilTime.daysIn(month: month, year: year)
            }
        }
        if !setPositions.isEmpty, !result.isEmpty { selectPositions(&result) }
    }

    /// Whether a month passes `BYMONTH` (lets YEARLY skip whole months).
    func allows(month: Int) -> Bool { months == 0 || months & (1 << UInt16(month)) != 0 }

    private func matches(year: Int, month: Int, day: Int, monthLength: Int, weekday: Int, date: Int64) -> Bool {
        if months != 0, months & (1 << UInt16(month)) == 0 { return false }
        if monthDays != 0, monthDays & (1 << UInt64(day)) == 0, monthDays & (1 << UInt64(32 + monthLength - day + 1)) == 0 {
            return false
        }
        if weekdays == 0, ordinals.isEmpty { return true }
        if weekdays & (1 << UInt8(weekday)) != 0 { return true }
        for entry in ordinals where entry.weekday == weekday {
            let (position, length): (Int, Int)
            if ordinalsInYear {
                let january1 = CivilTime.days(year: year, month: 1, day: 1)
                position = Int(date - january1) + 1
                length = CivilTime.daysIn(month: 2, year: year) == 29 ? 366 : 365
            } else {
                (position, length) = (day, monthLength)
            }
            if entry.ordinal > 0 ? (position - 1) / 7 + 1 == entry.ordinal : (length - position) / 7 + 1 == -entry.ordinal {
                return true
            }
        }
        return false
    }

    private func selectPositions(_ days: inout [Int64]) {
        var chosen: [Int64] = []
        for position in setPositions {
            let index = position > 0 ? position - 1 : days.count + position
            if days.indices.contains(index), !chosen.contains(days[index]) { chosen.append(days[index]) }
        }
        chosen.sort()
        days = chosen
    }
}
