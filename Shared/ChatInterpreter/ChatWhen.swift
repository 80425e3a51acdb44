import FoundationEssentials

/// The date and time pieces a message named, before they are combined into one due time.
struct ChatWhen: Sendable, Hashable {
    /// A local day number.
    var day: Int64?
    /// Seconds into the day.
    var time: Int?
    /// The time a phrase implies when no time is given ("tonight" → 20:00).
    var impliedTime: Int?
    /// An exact instant ("in 3 hours").
    var instant: Date?

    var isEmpty: Bool { day == nil && time == nil && impliedTime == nil && instant == nil }

    /// The default time of a day given without one.
    static let defaultTime = 9 * 3600

    /// The due time these pieces name, in `clock`'s zone: an exact instant as is; a day at its time (or the implied
    /// or default time); a time alone today, or tomorrow when it has passed.
    func resolve(_ clock: ChatClock) -> Date? {
        if let instant { return instant }
        if let day {
            let instant = clock.instant(day: day, seconds: time ?? impliedTime ?? Self.defaultTime)
            // A day named without a time is due by its end once its default time has passed ("today").
            if time == nil, impliedTime == nil, instant <= clock.now { return clock.instant(day: day, seconds: 86_340) }
            return instant
        }
        guard let time = time ?? impliedTime else { return nil }
        let today = clock.today
        return clock.instant(day: time > clock.secondsIntoToday ? today : today + 1, seconds: time)
    }
}
