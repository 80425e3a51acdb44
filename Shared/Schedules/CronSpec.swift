/// A parsed cron expression as bit sets, and robfig/cron's search for the next matching second.
struct CronSpec: Hashable, Sendable {
    /// Set in a field's bits when it was written `*` or `?` (unstepped), which changes how day fields combine.
    static let starBit: UInt64 = 1 << 63

    var second: UInt64
    var minute: UInt64
    var hour: UInt64
    var dom: UInt64
    var month: UInt64
    var dow: UInt64

    /// The range and names of one field.
    struct Bounds {
        let min: Int
        let max: Int
        let names: [String: Int]

        static let second = Bounds(min: 0, max: 59, names: [:])
        static let minute = Bounds(min: 0, max: 59, names: [:])
        static let hour = Bounds(min: 0, max: 23, names: [:])
        static let dom = Bounds(min: 1, max: 31, names: [:])
        static let month = Bounds(
            min: 1, max: 12,
            names: [
                "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
                "nov": 11, "dec": 12,
            ])
        static let dow = Bounds(min: 0, max: 6, names: ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6])
    }

    /// Bits `min...max` stepping by `step`.
    static func bits(_ min: Int, _ max: Int, step: Int) -> UInt64 {
        var bits: UInt64 = 0
        var value = min
        while value <= max {
            bits |= 1 << UInt64(value)
            let (next, overflow) = value.addingReportingOverflow(step)
            if overflow { break }
            value = next
        }
        return bits
    }

    /// Every value of a field, plus the star bit.
    static func all(_ bounds: Bounds) -> UInt64 { bits(bounds.min, bounds.max, step: 1) | starBit }

    /// The first matching second strictly after `seconds` (wall-clock seconds in the schedule's zone), searching at
    /// most five years ahead like robfig/cron; nil when nothing matches (`0 0 0 30 2 *`).
    func next(after seconds: Int64) -> Int64? {
        var t = CivilTime(seconds: seconds + 1)
        var added = false
        let yearLimit = t.year + 5
        wrap: while t.year <= yearLimit {
            while month & (1 << UInt64(t.month)) == 0 {
                if !added {
                    added = true
                    t = CivilTime(year: t.year, month: t.month, day: 1)
                }
                t = CivilTime(year: t.year, month: t.month + 1, day: t.day)
                if t.month == 1 { continue wrap }
            }
            while !dayMatches(t) {
                if !added {
                    added = true
                    t = CivilTime(year: t.year, month: t.month, day: t.day)
                }
                t = CivilTime(year: t.year, month: t.month, day: t.day + 1)
                if t.day == 1 { continue wrap }
            }
            while hour & (1 << UInt64(t.hour)) == 0 {
                if !added {
                    added = true
                    t = CivilTime(year: t.year, month: t.month, day: t.day, hour: t.hour)
                }
                t = CivilTime(seconds: t.seconds + 3_600)
                if t.hour == 0 { continue wrap }
            }
            while minute & (1 << UInt64(t.minute)) == 0 {
                if !added {
                    added = true
                    t.second = 0
                }
                t = CivilTime(seconds: t.seconds + 60)
                if t.minute == 0 { continue wrap }
            }
            while second & (1 << UInt64(t.second)) == 0 {
                added = true
                t = CivilTime(seconds: t.seconds + 1)
                if t.second == 0 { continue wrap }
            }
            return t.seconds
        }
        return nil
    }

    /// Day-of-month and day-of-week combine with AND when either was `*`, otherwise with OR (as in Vixie cron).
    private func dayMatches(_ t: CivilTime) -> Bool {
        let domMatch = dom & (1 << UInt64(t.day)) != 0
        let dowMatch = dow & (1 << UInt64(t.weekday)) != 0
        if dom & Self.starBit != 0 || dow & Self.starBit != 0 { return domMatch && dowMatch }
        return domMatch || dowMatch
    }
}
