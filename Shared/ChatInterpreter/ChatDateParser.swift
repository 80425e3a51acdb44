import FoundationEssentials
import Schedules

/// Recognises date and time phrases at a word position: today, tonight, tomorrow, weekdays (next friday), in 3
/// days, Dec 3 / 3rd of December / 2026-12-24, next week, the weekend, at 5pm, 17:30, noon, in the morning.
///
/// Conventions: a weekday (with or without "next") is the first one after today; "this <weekday>" may be today;
/// a date without a year is the next one on or after today; "next week" is its Monday; "at 5" without am/pm is
/// 5 PM for 1–7 and as written otherwise.
struct ChatDateParser: Sendable {
    let clock: ChatClock

    /// Matches a phrase at `index`, adding what it names to `when`; returns how many words it used.
    func match(_ words: ChatWords, at index: Int, into when: inout ChatWhen) -> Int? {
        var start = index
        if ["on", "by", "due", "for", "before", "from"].contains(words[start]) { start += 1 }
        if words[start - 1] == "due", ["on", "by"].contains(words[start]) { start += 1 }
        if let used = day(words, at: start, into: &when) ?? time(words, at: start, into: &when) {
            return start - index + used
        }
        return nil
    }

    /// A day phrase (with a trailing part of the day: "tomorrow morning").
    func day(_ words: ChatWords, at index: Int, into when: inout ChatWhen) -> Int? {
        guard let (day, used) = dayOnly(words, at: index) else { return nil }
        when.day = day
        if words[index] == "tonight" { when.impliedTime = ChatVocabulary.partsOfDay["tonight"] }
        if let part = ChatVocabulary.partsOfDay[words[index + used]], words[index + used] != "noon" {
            when.impliedTime = part
            return used + 1
        }
        if words[index + used] == "at", words[index + used + 1] == "night" {
            when.impliedTime = ChatVocabulary.partsOfDay["night"]
            return used + 2
        }
        return used
    }

    /// The local day a phrase at `index` names, and the words it used.
    func dayOnly(_ words: ChatWords, at index: Int) -> (Int64, Int)? {
        let today = clock.today
        let key = words[index]
        switch key {
        case "today", "tonight": return (today, 1)
        case "tomorrow", "tmrw", "tmr", "tomorow", "tommorow": return (today + 1, 1)
        case "this":
            if let part = ChatVocabulary.partsOfDay[words[index + 1]], part != 12 * 3600 { return (today, 1) }
        default: break
        }
        if words.matches("day after tomorrow", at: index) { return (today + 2, 3) }
        if words.matches("the day after tomorrow", at: index) { return (today + 2, 4) }
        let weekday = ChatClock.weekday(today)
        let monday = today - Int64((weekday + 6) % 7)
        if words.matches("next week", at: index) { return (monday + 7, 2) }
        if words.matches("this weekend", at: index) || words.matches("the weekend", at: index) {
            return (today + Int64((6 - weekday + 7) % 7), 2)
        }
        if words.matches("next month", at: index) {
            let (year, month, _) = ChatClock.civil(today)
            return (CivilTime.days(year: month == 12 ? year + 1 : year, month: month % 12 + 1, day: 1), 2)
        }
        if let target = ChatVocabulary.weekdays[key] { return (Self.next(target, after: today, includingToday: false), 1) }
        if ["next", "this", "coming"].contains(key), let target = ChatVocabulary.weekdays[words[index + 1]] {
            return (Self.next(target, after: today, includingToday: key == "this"), 2)
        }
        if key == "in", let (amount, unit, used) = Self.duration(words, at: index + 1), unit != .minute, unit != .hour {
            return (relative(amount, unit), used + 1)
        }
        return calendarDate(words, at: index)
    }

    /// `day` moved by `amount` units (months and years by the calendar, clamped to the month's end).
    func relative(_ amount: Int, _ unit: ChatVocabulary.Unit) -> Int64 {
        let today = clock.today
        switch unit {
        case .month, .year:
            let (year, month, day) = ChatClock.civil(today)
            let months = unit == .month ? amount : amount * 12
            let target = CivilTime(year: year, month: month + months, day: 1)
            let last = CivilTime.daysIn(month: target.month, year: target.year)
            return CivilTime.days(year: target.year, month: target.month, day: min(day, last))
        default:
            return today + Int64(amount * unit.seconds / 86_400)
        }
    }

    /// Dec 3, December 3rd [2027], 3 Dec, 3rd of December, the 15th (of the month), 2026-12-24.
    func calendarDate(_ words: ChatWords, at index: Int) -> (Int64, Int)? {
        let key = words[index]
        if let month = ChatVocabulary.months[key], let day = ChatVocabulary.ordinal(words[index + 1], bare: true) {
            return dated(month: month, day: day, words, yearAt: index + 2, used: 2)
        }
        if let day = ChatVocabulary.ordinal(key, bare: true) {
            let of = words[index + 1] == "of" ? 1 : 0
            if let month = ChatVocabulary.months[words[index + 1 + of]] {
                return dated(month: month, day: day, words, yearAt: index + 2 + of, used: 2 + of)
            }
        }
        let introduced = index == 0 || ["on", "by", "due", "for", "until", "till", "to", "before"].contains(words[index - 1])
        if key == "the", introduced, let day = ChatVocabulary.ordinal(words[index + 1]), day > 0 {
            if words[index + 2] == "of", let month = ChatVocabulary.months[words[index + 3]] {
                return dated(month: month, day: day, words, yearAt: index + 4, used: 4)
            }
            return monthDay(day).map { ($0, 2) }
        }
        let parts = key.split(separator: "-")
        if parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), let number = ChatClock.day(year: year, month: month, day: day)
        {
            return (number, 1)
        }
        return nil
    }

    private func dated(month: Int, day: Int, _ words: ChatWords, yearAt: Int, used: Int) -> (Int64, Int)? {
        if let year = Int(words[yearAt]), (1970...9999).contains(year) {
            return ChatClock.day(year: year, month: month, day: day).map { ($0, used + 1) }
        }
        let today = clock.today
        let (year, _, _) = ChatClock.civil(today)
        for candidate in year...(year + 8) {
            if let number = ChatClock.day(year: candidate, month: month, day: day), number >= today { return (number, used) }
        }
        return nil
    }

    /// The next day-of-month `day` on or after today (skipping months without it).
    func monthDay(_ day: Int) -> Int64? {
        let today = clock.today
        let (year, month, _) = ChatClock.civil(today)
        for step in 0..<24 {
            let target = CivilTime(year: year, month: month + step, day: 1)
            if let number = ChatClock.day(year: target.year, month: target.month, day: day), number >= today { return number }
        }
        return nil
    }

    /// A time: at 5pm, at 5:30 pm, at 17:30, 17:30, 5pm, noon, midnight, in the morning/evening, at night, in 3 hours.
    func time(_ words: ChatWords, at index: Int, into when: inout ChatWhen) -> Int? {
        if words[index] == "in", let (amount, unit, used) = Self.duration(words, at: index + 1), unit == .minute || unit == .hour
        {
            when.instant = clock.now.addingTimeInterval(Double(amount * unit.seconds))
            return used + 1
        }
        if words.matches("in the", at: index), let part = ChatVocabulary.partsOfDay[words[index + 2]] {
            when.impliedTime = part
            return 3
        }
        if words.matches("at night", at: index) {
            when.impliedTime = ChatVocabulary.partsOfDay["night"]
            return 2
        }
        let at = words[index] == "at" || words[index] == "@" ? 1 : 0
        guard let (seconds, used) = Self.clockTime(words, at: index + at, loose: at == 1) else { return nil }
        when.time = seconds
        return at + used
    }

    /// A wall-clock time at `index` → seconds into the day and words used. `loose` (after "at") also takes a bare
    /// hour ("at 5").
    static func clockTime(_ words: ChatWords, at index: Int, loose: Bool) -> (Int, Int)? {
        var key = words[index]
        var used = 1
        if key == "noon" || key == "midday" { return (12 * 3600, 1) }
        if key == "midnight" { return (23 * 3600 + 59 * 60, 1) }
        var meridiem: String?
        for suffix in ["am", "pm", "a.m", "p.m", "a.m.", "p.m."] where key.hasSuffix(suffix) && key.count > suffix.count {
            meridiem = String(suffix.prefix(1))
            key = String(key.dropLast(suffix.count))
            break
        }
        if meridiem == nil, ["am", "pm", "a.m", "p.m", "a.m.", "p.m."].contains(words[index + 1]) {
            meridiem = String(words[index + 1].prefix(1))
            used = 2
        }
        let parts = key.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCII) }),
            var hour = Int(parts[0]), let minute = parts.count == 2 ? Int(parts[1]) : 0, (0...59).contains(minute)
        else { return nil }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (meridiem == "p" ? 12 : 0)
        } else {
            guard parts.count == 2 || loose, (0...23).contains(hour) else { return nil }
            if parts.count == 1, (1...7).contains(hour) { hour += 12 }
        }
        return (hour * 3600 + minute * 60, used)
    }

    /// "3 days", "an hour", "30 minutes", "30min" at `index` → amount, unit and words used.
    static func duration(_ words: ChatWords, at index: Int) -> (Int, ChatVocabulary.Unit, Int)? {
        if let amount = ChatVocabulary.number(words[index]), let unit = ChatVocabulary.units[words[index + 1]] {
            return (amount, unit, 2)
        }
        let key = words[index]
        if let split = key.firstIndex(where: { !$0.isNumber }), let amount = Int(key[..<split]),
            let unit = ChatVocabulary.units[String(key[split...])]
                ?? ["m": .minute, "h": .hour, "d": .day][String(key[split...])]
        {
            return (amount, unit, 1)
        }
        if words.matches("half an hour", at: index) { return (30, .minute, 3) }
        return nil
    }

    /// The first day with weekday `target` after `day` (or on it, when `includingToday`).
    static func next(_ target: Int, after day: Int64, includingToday: Bool) -> Int64 {
        let ahead = (target - ChatClock.weekday(day) + 7) % 7
        return day + Int64(ahead == 0 && !includingToday ? 7 : ahead)
    }
}
