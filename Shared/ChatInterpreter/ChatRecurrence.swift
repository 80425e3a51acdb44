import FoundationEssentials
import Schedules

/// A repeat rule said in words, as RFC 5545 RRULE parts: every day, every weekday, every 2 weeks, every monday and
/// thursday, every month on the 1st, every last friday, yearly; ended by "until March 1" or "5 times".
struct ChatRecurrence: Sendable, Hashable {
    var frequency: String
    var interval = 1
    /// BYDAY values (`MO`, `-1FR`).
    var byDay: [String] = []
    var byMonthDay: Int?
    /// The last local day of the series.
    var untilDay: Int64?
    var count: Int?

    /// The RRULE text; UNTIL is the end of the last day in `clock`'s zone, in UTC (RFC 5545 §3.3.10).
    func rrule(_ clock: ChatClock) -> String {
        var parts = ["FREQ=\(frequency)"]
        if interval > 1 { parts.append("INTERVAL=\(interval)") }
        if !byDay.isEmpty { parts.append("BYDAY=\(byDay.joined(separator: ","))") }
        if let byMonthDay { parts.append("BYMONTHDAY=\(byMonthDay)") }
        if let count { parts.append("COUNT=\(count)") }
        if let untilDay {
            let end = CivilTime(seconds: Int64(clock.instant(day: untilDay, seconds: 86_399).timeIntervalSince1970))
            parts.append("UNTIL=" + Self.basic(end) + "Z")
        }
        return parts.joined(separator: ";")
    }

    /// Whether local day `day` can hold an occurrence (used to pick the first due day when none was named).
    func admits(_ day: Int64) -> Bool {
        let weekday = ChatClock.weekday(day)
        let (year, month, date) = ChatClock.civil(day)
        if let byMonthDay {
            let last = CivilTime.daysIn(month: month, year: year)
            return byMonthDay > 0 ? date == byMonthDay : date == last + 1 + byMonthDay
        }
        guard !byDay.isEmpty else { return true }
        return byDay.contains { code in
            guard ChatVocabulary.weekdayCodes[weekday] == String(code.suffix(2)) else { return false }
            guard let ordinal = Int(code.dropLast(2)) else { return true }
            let last = CivilTime.daysIn(month: month, year: year)
            return ordinal > 0 ? (date - 1) / 7 + 1 == ordinal : (last - date) / 7 + 1 == -ordinal
        }
    }

    private static func basic(_ time: CivilTime) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(time.year, 4) + pad(time.month, 2) + pad(time.day, 2) + "T" + pad(time.hour, 2) + pad(time.minute, 2)
            + pad(time.second, 2)
    }
}

/// Recognises repeat phrases and their ends at a word position.
struct ChatRecurrenceParser: Sendable {
    let dates: ChatDateParser

    /// Matches a repeat phrase at `index` into `rule` (creating it), returning the words used.
    func match(_ words: ChatWords, at index: Int, into rule: inout ChatRecurrence?) -> Int? {
        let key = words[index]
        let simple = [
            "daily": "DAILY", "everyday": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "yearly": "YEARLY",
            "annually": "YEARLY",
        ]
        if let frequency = simple[key] {
            rule = ChatRecurrence(frequency: frequency)
            return 1 + monthlyDay(words, at: index + 1, into: &rule)
        }
        if key == "until" || words.matches("ending on", at: index) || key == "till" {
            let start = index + (key == "ending" ? 2 : 1)
            guard rule != nil, let (day, used) = dates.dayOnly(words, at: start) else { return nil }
            rule?.untilDay = day
            return start - index + used
        }
        let forWord = key == "for" ? 1 : 0
        if rule != nil, let times = ChatVocabulary.number(words[index + forWord]), times > 0,
            ["times", "occurrences", "time"].contains(words[index + forWord + 1])
        {
            rule?.count = times
            return forWord + 2
        }
        guard key == "every" || key == "each" else { return nil }
        return every(words, at: index + 1, into: &rule).map { $0 + 1 }
    }

    private func every(_ words: ChatWords, at index: Int, into rule: inout ChatRecurrence?) -> Int? {
        let key = words[index]
        let frequencies = ["day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"]
        if let frequency = frequencies[key] {
            rule = ChatRecurrence(frequency: frequency)
            return 1 + onDays(words, at: index + 1, into: &rule)
        }
        if ["weekday", "workday", "weekdays", "workdays"].contains(key) || words.matches("work day", at: index) {
            rule = ChatRecurrence(frequency: "WEEKLY", byDay: ["MO", "TU", "WE", "TH", "FR"])
            return key == "work" ? 2 : 1
        }
        if key == "weekend" {
            rule = ChatRecurrence(frequency: "WEEKLY", byDay: ["SA", "SU"])
            return 1
        }
        let other = key == "other" ? 2 : nil
        if let interval = other ?? ChatVocabulary.number(key), (1...1000).contains(interval),
            let unit = ChatVocabulary.units[words[index + 1]], ![.minute, .hour].contains(unit)
        {
            let names: [ChatVocabulary.Unit: String] = [.day: "DAILY", .week: "WEEKLY", .month: "MONTHLY", .year: "YEARLY"]
            rule = ChatRecurrence(frequency: names[unit] ?? "DAILY", interval: interval)
            return 2 + onDays(words, at: index + 2, into: &rule)
        }
        if let ordinal = ChatVocabulary.ordinal(key), let weekday = ChatVocabulary.weekdays[words[index + 1]] {
            rule = ChatRecurrence(frequency: "MONTHLY", byDay: ["\(ordinal)" + ChatVocabulary.weekdayCodes[weekday]])
            return 2 + (words.matches("of the month", at: index + 2) ? 3 : words.matches("of every month", at: index + 2) ? 3 : 0)
        }
        if let day = ChatVocabulary.ordinal(key), words.matches("of the month", at: index + 1) || words[index + 1] == "day" {
            rule = ChatRecurrence(frequency: "MONTHLY", byMonthDay: day)
            return words[index + 1] == "day" ? (words.matches("of the month", at: index + 2) ? 5 : 2) : 4
        }
        let (days, used) = weekdayList(words, at: index)
        guard !days.isEmpty else { return nil }
        rule = ChatRecurrence(frequency: "WEEKLY", byDay: days)
        return used
    }

    /// "on monday and friday" after a weekly rule, "on the 1st" / "on the last day" after a monthly one.
    private func onDays(_ words: ChatWords, at index: Int, into rule: inout ChatRecurrence?) -> Int {
        if rule?.frequency == "MONTHLY" { return monthlyDay(words, at: index, into: &rule) }
        guard rule?.frequency == "WEEKLY", words[index] == "on" else { return 0 }
        let (days, used) = weekdayList(words, at: index + 1)
        guard !days.isEmpty else { return 0 }
        rule?.byDay = days
        return used + 1
    }

    private func monthlyDay(_ words: ChatWords, at index: Int, into rule: inout ChatRecurrence?) -> Int {
        guard rule?.frequency == "MONTHLY", words.matches("on the", at: index) else { return 0 }
        if words.matches("last day", at: index + 2) {
            rule?.byMonthDay = -1
            return 4
        }
        if let day = ChatVocabulary.ordinal(words[index + 2]), day > 0 {
            rule?.byMonthDay = day
            return 3
        }
        if let ordinal = ChatVocabulary.ordinal(words[index + 2]), let weekday = ChatVocabulary.weekdays[words[index + 3]] {
            rule?.byDay = ["\(ordinal)" + ChatVocabulary.weekdayCodes[weekday]]
            return 4
        }
        return 0
    }

    /// "monday", "mon, wed and fri", "tuesday & thursday".
    private func weekdayList(_ words: ChatWords, at index: Int) -> ([String], Int) {
        var days: [String] = []
        var position = index
        var used = 0
        while let weekday = ChatVocabulary.weekdays[words[position]] {
            let code = ChatVocabulary.weekdayCodes[weekday]
            if !days.contains(code) { days.append(code) }
            used = position - index + 1
            position += ["and", "&", ","].contains(words[position + 1]) ? 2 : 1
        }
        return (days, used)
    }
}
