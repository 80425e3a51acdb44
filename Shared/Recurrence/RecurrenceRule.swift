/// An RFC 5545 recurrence rule (§3.3.10), limited to the subset a todo list needs and to bounded work:
/// `FREQ` DAILY, WEEKLY, MONTHLY or YEARLY; `INTERVAL`; `BYDAY` (with ordinals such as `2MO`, `-1FR` under MONTHLY and
/// YEARLY); `BYMONTHDAY` (negative counts from the month's end); `BYMONTH`; `BYSETPOS`; `COUNT`; `UNTIL`; `WKST`.
///
/// Refused with a ``RecurrenceError``: SECONDLY, MINUTELY and HOURLY; BYHOUR, BYMINUTE, BYSECOND, BYYEARDAY, BYWEEKNO
/// and extensions; COUNT above ``maximumCount``; COUNT with UNTIL; INTERVAL above ``maximumInterval``; a rule text
/// longer than ``maximumLength``; more than ``maximumListLength`` values in one part. ``Recurrence`` additionally refuses
/// a rule that never produces an occurrence (`FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30`).
///
/// ```swift
/// let rule = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12")
/// rule.text    // "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12"
/// ```
package struct RecurrenceRule: Hashable, Sendable {
    /// How often the rule repeats.
    package enum Frequency: String, Hashable, Sendable, CaseIterable {
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"
    }

    /// A `BYDAY` entry: a weekday (0 = Sunday … 6 = Saturday) and an optional ordinal (`2MO` → 2, `-1FR` → -1, `MO` → 0).
    package struct WeekdayNumber: Hashable, Sendable {
        /// 0 = Sunday … 6 = Saturday.
        package var weekday: Int
        /// 0 for every such weekday; n > 0 for the n-th, n < 0 for the n-th from the end.
        package var ordinal: Int

        /// Makes an entry.
        package init(weekday: Int, ordinal: Int = 0) {
            self.weekday = weekday
            self.ordinal = ordinal
        }
    }

    /// The inclusive end of a rule given by `UNTIL`.
    package enum Until: Hashable, Sendable {
        /// `UNTIL=20261231T235959Z`: an instant, seconds since the epoch.
        case instant(Int64)
        /// `UNTIL=20261231T235959`: a wall-clock time in the rule's zone (seconds since 1970-01-01T00:00 local).
        case local(Int64)
        /// `UNTIL=20261231`: the last date (days since 1970-01-01) on which an occurrence may fall.
        case date(Int64)
    }

    /// The longest rule text accepted.
    package static let maximumLength = 512
    /// The largest `COUNT`.
    package static let maximumCount = 10_000
    /// The largest `INTERVAL`.
    package static let maximumInterval = 1_000
    /// The most values one `BYxxx` part may list.
    package static let maximumListLength = 64
    /// The two-letter weekday names, index 0 = Sunday.
    package static let weekdayNames = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

    /// `FREQ`.
    package var frequency: Frequency
    /// `INTERVAL` (1 when absent).
    package var interval: Int
    /// `COUNT`.
    package var count: Int?
    /// `UNTIL`.
    package var until: Until?
    /// `BYDAY`.
    package var byDay: [WeekdayNumber]
    /// `BYMONTHDAY`: 1…31 or -31…-1.
    package var byMonthDay: [Int]
    /// `BYMONTH`: 1…12.
    package var byMonth: [Int]
    /// `BYSETPOS`: 1…366 or -366…-1.
    package var bySetPos: [Int]
    /// `WKST`: 0 = Sunday … 6 = Saturday (Monday when absent).
    package var weekStart: Int

    /// Makes a rule from parts already checked (``init(parsing:)`` validates text).
    package init(
        frequency: Frequency, interval: Int = 1, count: Int? = nil, until: Until? = nil, byDay: [WeekdayNumber] = [],
        byMonthDay: [Int] = [], byMonth: [Int] = [], bySetPos: [Int] = [], weekStart: Int = 1
    ) {
        self.frequency = frequency
        self.interval = interval
        self.count = count
        self.until = until
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.byMonth = byMonth
        self.bySetPos = bySetPos
        self.weekStart = weekStart
    }

    /// The rule as RRULE text in a canonical part order (`FREQ`, `INTERVAL`, `BYMONTH`, `BYMONTHDAY`, `BYDAY`,
    /// `BYSETPOS`, `WKST`, `COUNT`, `UNTIL`), without the `RRULE:` prefix.
    package var text: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        func list(_ name: String, _ values: [Int]) {
            if !values.isEmpty { parts.append(name + "=" + values.map(String.init).joined(separator: ",")) }
        }
        list("BYMONTH", byMonth)
        list("BYMONTHDAY", byMonthDay)
        if !byDay.isEmpty {
            let days = byDay.map { ($0.ordinal == 0 ? "" : String($0.ordinal)) + Self.weekdayNames[$0.weekday] }
            parts.append("BYDAY=" + days.joined(separator: ","))
        }
        list("BYSETPOS", bySetPos)
        if weekStart != 1 { parts.append("WKST=" + Self.weekdayNames[weekStart]) }
        if let count { parts.append("COUNT=\(count)") }
        if let until { parts.append("UNTIL=" + ICalDateTime.format(until)) }
        return parts.joined(separator: ";")
    }
}
