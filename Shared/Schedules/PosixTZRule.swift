/// The POSIX TZ string at the end of a TZif v2+ file (RFC 8536 §3.3), which gives a zone's offsets for instants past
/// its transition table: `CET-1CEST,M3.5.0,M10.5.0/3`, `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`, `<+14>-14`.
///
/// Offsets here are seconds east of UTC (the string itself counts west). Transition times may be negative or exceed
/// 24 h (RFC 8536 §3.3.1, e.g. `M3.5.0/-1`).
struct PosixTZRule: Hashable, Sendable {
    /// A day of the year a transition happens on.
    enum Day: Hashable, Sendable {
        /// `Jn`: day 1…365, February 29 never counted.
        case julianNoLeap(Int)
        /// `n`: day 0…365, February 29 counted.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    /// A transition rule: the day and the local time of day (seconds, in the offset in effect before it).
    struct Transition: Hashable, Sendable {
        var day: Day
        var time: Int
    }

    /// Standard time's offset.
    var standard: Int
    /// Daylight time's offset and its start and end, when the zone observes it.
    var daylight: (offset: Int, start: Transition, end: Transition)?

    static func == (a: Self, b: Self) -> Bool {
        a.standard == b.standard && a.daylight?.offset == b.daylight?.offset && a.daylight?.start == b.daylight?.start
            && a.daylight?.end == b.daylight?.end
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(standard)
        hasher.combine(daylight?.offset)
    }

    /// Parses a TZ string; nil when it is malformed.
    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.name(), let standard = scanner.offset(maxHours: 24) else { return nil }
        self.standard = -standard
        if scanner.atEnd {
            daylight = nil
            return
        }
        guard scanner.name() else { return nil }
        var dstOffset = self.standard + 3_600
        if !scanner.peek(","), let offset = scanner.offset(maxHours: 24) { dstOffset = -offset }
        guard scanner.take(","), let start = scanner.transition(), scanner.take(","), let end = scanner.transition(),
            scanner.atEnd
        else { return nil }
        daylight = (dstOffset, start, end)
    }

    /// The offset in effect at `utc` (seconds since the epoch).
    func offset(atUTC utc: Int64) -> Int {
        guard let daylight else { return standard }
        let year = CivilTime(seconds: utc + Int64(standard)).year
        let start = Self.instant(daylight.start, year: year, offsetBefore: standard)
        let end = Self.instant(daylight.end, year: year, offsetBefore: daylight.offset)
        let inDaylight = start < end ? (start <= utc && utc < end) : !(end <= utc && utc < start)
        return inDaylight ? daylight.offset : standard
    }

    /// The UTC instant of a transition in `year`.
    private static func instant(_ transition: Transition, year: Int, offsetBefore: Int) -> Int64 {
        let january1 = CivilTime.days(year: year, month: 1, day: 1)
        let day: Int64
        switch transition.day {
        case .julianNoLeap(let n):
            let leap = CivilTime.daysIn(month: 2, year: year) == 29
            day = january1 + Int64(n - 1) + (leap && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            day = january1 + Int64(n)
        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilTime.days(year: year, month: month, day: 1)
            let firstWeekday = Int((first % 7 + 11) % 7)
            var date = first + Int64((weekday - firstWeekday + 7) % 7 + (week - 1) * 7)
            let length = Int64(CivilTime.daysIn(month: month, year: year))
            while date >= first + length { date -= 7 }
            day = date
        }
        return day * 86_400 + Int64(transition.time) - Int64(offsetBefore)
    }
}

/// Reads the pieces of a TZ string.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    func peek(_ character: Unicode.Scalar) -> Bool { index < bytes.count && bytes[index] == UInt8(ascii: character) }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard peek(character) else { return false }
        index += 1
        return true
    }

    /// A zone abbreviation: `<+1030>` or three or more letters.
    mutating func name() -> Bool {
        if take("<") {
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
            return take(">")
        }
        let start = index
        while index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") {
            index += 1
        }
        return index - start >= 3
    }

    /// `[+-]hh[:mm[:ss]]` in seconds (positive west for offsets; a time of day for transitions).
    mutating func offset(maxHours: Int) -> Int? {
        let sign = take("-") ? -1 : (take("+") ? 1 : 1)
        guard let hours = number(), hours <= maxHours else { return nil }
        var seconds = hours * 3_600
        if take(":") {
            guard let minutes = number(), minutes < 60 else { return nil }
            seconds += minutes * 60
            if take(":") {
                guard let secs = number(), secs < 60 else { return nil }
                seconds += secs
            }
        }
        return sign * seconds
    }

    /// `date[/time]`, the time defaulting to 02:00.
    mutating func transition() -> PosixTZRule.Transition? {
        let day: PosixTZRule.Day
        if take("M") {
            guard let month = number(), (1...12).contains(month), take("."), let week = number(), (1...5).contains(week),
                take("."), let weekday = number(), (0...6).contains(weekday)
            else { return nil }
            day = .monthWeekDay(month: month, week: week, weekday: weekday)
        } else if take("J") {
            guard let n = number(), (1...365).contains(n) else { return nil }
            day = .julianNoLeap(n)
        } else {
            guard let n = number(), (0...365).contains(n) else { return nil }
            day = .zeroBased(n)
        }
        var time = 7_200
        if take("/") {
            guard let value = offset(maxHours: 167) else { return nil }
            time = value
        }
        return PosixTZRule.Transition(day: day, time: time)
    }

    private mutating func number() -> Int? {
        let start = index
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), index - start < 4 {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return index > start ? value : nil
    }
}
