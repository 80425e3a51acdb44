package import FoundationEssentials
package import Schedules

extension RecurrenceRule {
    /// The seed's simple forms as sugar over RRULE: `daily`, `weekly` or `monthly` (and `yearly`), every `interval`
    /// of them, ending after `endAfter` occurrences or by `endBy` (inclusive), or never.
    ///
    /// `weekly` repeats on the start's weekday and `monthly` on the start's day of month; a month without that day
    /// (the 31st in April) is skipped, as RFC 5545 requires; use `FREQ=MONTHLY;BYMONTHDAY=-1` for "the last day".
    /// - Throws: ``RecurrenceError`` for an unknown frequency, both ends at once, or a value outside the limits.
    package static func simple(frequency: String, interval: Int = 1, endAfter: Int? = nil, endBy: Date? = nil)
        throws(RecurrenceError) -> RecurrenceRule
    {
        guard let frequency = Frequency(rawValue: frequency.uppercased()) else {
            throw RecurrenceError("frequency must be daily, weekly, monthly or yearly")
        }
        guard (1...maximumInterval).contains(interval) else {
            throw RecurrenceError("interval must be a whole number from 1 to \(maximumInterval)")
        }
        guard endAfter == nil || endBy == nil else { throw RecurrenceError("give endAfter or endBy, not both") }
        if let endAfter, !(1...maximumCount).contains(endAfter) {
            throw RecurrenceError("endAfter must be a whole number from 1 to \(maximumCount)")
        }
        let until = endBy.map { Until.instant(Int64(($0.timeIntervalSince1970).rounded(.down))) }
        return RecurrenceRule(frequency: frequency, interval: interval, count: endAfter, until: until)
    }

    /// `COUNT`, or nil.
    package var endAfterCount: Int? { count }

    /// `UNTIL` as an instant (a wall-clock or date `UNTIL` read in `zone`, a date at the end of its day), or nil.
    package func endBy(in zone: ZoneInfo) -> Date? {
        switch until {
        case .instant(let seconds)?: Date(timeIntervalSince1970: Double(seconds))
        case .local(let seconds)?: Date(timeIntervalSince1970: Double(zone.utc(forLocal: seconds)))
        case .date(let days)?: Date(timeIntervalSince1970: Double(zone.utc(forLocal: days * 86_400 + 86_399)))
        case nil: nil
        }
    }
}
