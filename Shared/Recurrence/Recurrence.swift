package import FoundationEssentials
package import Schedules

/// A rule anchored on a start (RFC 5545's DTSTART) in a time zone: the pure "occurrences after" function.
///
/// Occurrences keep the start's wall-clock time of day in `zone` across DST changes (09:00 stays 09:00); a time that
/// does not exist or exists twice on some day resolves by ``ZoneInfo``'s RFC 5545 rule. The start itself counts only
/// if it matches the rule (python-dateutil's behaviour). Work is bounded: without `COUNT` the search starts at the
/// period holding the requested instant; with it (≤ 10,000) it counts from the start; and a rule whose periods stay
/// empty for a whole 400-year Gregorian cycle is refused when made, so no call loops for long.
///
/// ```swift
/// let paris = try ZoneInfo.named("Europe/Paris")
/// let rule = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=-1FR")
/// let recurrence = try Recurrence(rule: rule, start: start, zone: paris)
/// let next = recurrence.next(after: .now)
/// ```
package struct Recurrence: Hashable, Sendable {
    /// The rule.
    package let rule: RecurrenceRule
    /// The zone the rule's wall-clock times are reckoned in.
    package let zone: ZoneInfo
    /// The start's wall-clock time (seconds since 1970-01-01T00:00 local).
    package let startLocal: Int64
    private let expander: PeriodExpander

    /// Anchors `rule` on `start` in `zone`.
    /// - Throws: ``RecurrenceError`` when the rule yields no occurrence at all (an impossible BYxxx combination, or
    ///   an UNTIL before the start).
    package init(rule: RecurrenceRule, start: Date, zone: ZoneInfo) throws(RecurrenceError) {
        let seconds = CivilTime.floorDiv(start.unixMicros, 1_000_000)
        try self.init(rule: rule, startLocal: seconds + Int64(zone.offset(atUTC: seconds)), zone: zone)
    }

    /// Anchors `rule` on a wall-clock start in `zone`.
    package init(rule: RecurrenceRule, startLocal: Int64, zone: ZoneInfo) throws(RecurrenceError) {
        self.rule = rule
        self.zone = zone
        self.startLocal = startLocal
        expander = PeriodExpander(rule, startDay: CivilTime.floorDiv(startLocal, 86_400))
        guard !occurrences(after: nil, limit: 1).isEmpty else {
            throw RecurrenceError("the rule produces no occurrence after its start (check BYMONTH, BYMONTHDAY, BYDAY, UNTIL)")
        }
    }

    /// The first occurrence strictly after `date`, or nil when the rule has ended.
    package func next(after date: Date) -> Date? {
        occurrences(after: date, limit: 1).first
    }

    /// Up to `limit` occurrences strictly after `date` (from the first when nil), ascending.
    package func occurrences(after date: Date?, limit: Int) -> [Date] {
        var result: [Date] = []
        guard limit > 0 else { return result }
        let after = date.map { CivilTime.floorDiv($0.unixMicros, 1_000_000) } ?? Int64.min
        var firstPeriod = 0
        if rule.count == nil, let date {
            // Start two days early: an occurrence's wall-clock time differs from its instant by at most 26 hours.
            let seconds = CivilTime.floorDiv(date.unixMicros, 1_000_000)
            firstPeriod = max(0, periodIndex(containing: CivilTime.floorDiv(seconds, 86_400) - 2))
        }
        forEach(fromPeriod: firstPeriod) { instant in
            if instant > after { result.append(Date(unixMicros: instant * 1_000_000)) }
            return result.count < limit
        }
        return result
    }

    /// Calls `body` with each occurrence's instant (seconds) in order, from the period `fromPeriod` intervals after
    /// the start's, until it returns false or the rule ends.
    private func forEach(fromPeriod: Int, _ body: (Int64) -> Bool) {
        let startDay = CivilTime.floorDiv(startLocal, 86_400)
        let timeOfDay = startLocal - startDay * 86_400
        var days: [Int64] = []
        days.reserveCapacity(32)
        var produced = 0
        var emptyPeriods = 0
        var period = fromPeriod
        while emptyPeriods < maximumEmptyPeriods {
            guard let (first, length) = periodDays(period) else { return }
            expander.days(from: first, length: length, into: &days)
            emptyPeriods = days.isEmpty ? emptyPeriods + 1 : 0
            for day in days {
                let local = day * 86_400 + timeOfDay
                guard local >= startLocal else { continue }
                let instant = zone.utc(forLocal: local)
                switch rule.until {
                case .instant(let until)?: if instant > until { return }
                case .local(let until)?: if local > until { return }
                case .date(let until)?: if day > until { return }
                case nil: break
                }
                produced += 1
                guard body(instant) else { return }
                if let count = rule.count, produced >= count { return }
            }
            period += 1
        }
    }

    /// Empty periods in a row after which the rule is over: one 400-year Gregorian cycle of them (the calendar
    /// repeats after it, so nothing can match later either).
    private var maximumEmptyPeriods: Int {
        switch rule.frequency {
        case .daily: 146_097
        case .weekly: 20_871
        case .monthly: 4_800
        case .yearly: 400
        }
    }

    /// The first day and length of the `index`-th period after the start's, or nil past year 9999.
    private func periodDays(_ index: Int) -> (Int64, Int)? {
        let startDay = CivilTime.floorDiv(startLocal, 86_400)
        let step = Int64(index) * Int64(rule.interval)
        let first: Int64
        let length: Int
        switch rule.frequency {
        case .daily:
            (first, length) = (startDay + step, 1)
        case .weekly:
            let weekday = Int((startDay % 7 + 11) % 7)
            (first, length) = (startDay - Int64((weekday - rule.weekStart + 7) % 7) + 7 * step, 7)
        case .monthly:
            let (year, month, _) = CivilTime.civil(days: startDay)
            let monthIndex = Int64(year * 12 + month - 1) + step
            let (y, m) = (Int(CivilTime.floorDiv(monthIndex, 12)), Int(monthIndex - CivilTime.floorDiv(monthIndex, 12) * 12) + 1)
            guard y <= 9999 else { return nil }
            (first, length) = (CivilTime.days(year: y, month: m, day: 1), CivilTime.daysIn(month: m, year: y))
        case .yearly:
            let year = CivilTime.civil(days: startDay).0 + Int(step)
            guard year <= 9999 else { return nil }
            (first, length) = (CivilTime.days(year: year, month: 1, day: 1), CivilTime.daysIn(month: 2, year: year) + 337)
        }
        return first > 2_932_896 ? nil : (first, length)  // 9999-12-31
    }

    /// The index of the period holding `day` (rounded down to a multiple of the interval; may be negative).
    private func periodIndex(containing day: Int64) -> Int {
        let startDay = CivilTime.floorDiv(startLocal, 86_400)
        let units: Int64
        switch rule.frequency {
        case .daily: units = day - startDay
        case .weekly:
            func weekStart(_ d: Int64) -> Int64 { d - Int64((Int((d % 7 + 11) % 7) - rule.weekStart + 7) % 7) }
            units = (weekStart(day) - weekStart(startDay)) / 7
        case .monthly:
            let (y0, m0, _) = CivilTime.civil(days: startDay)
            let (y, m, _) = CivilTime.civil(days: day)
            units = Int64((y - y0) * 12 + m - m0)
        case .yearly:
            units = Int64(CivilTime.civil(days: day).0 - CivilTime.civil(days: startDay).0)
        }
        return Int(clamping: CivilTime.floorDiv(units, Int64(rule.interval)))
    }
}
