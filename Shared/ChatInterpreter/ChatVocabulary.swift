/// The words the interpreter knows: weekdays, months, numbers, ordinals, units, parts of the day.
enum ChatVocabulary {
    /// Weekday names and abbreviations → 0 (Sunday) … 6.
    static let weekdays: [String: Int] = [
        "sunday": 0, "sun": 0, "sundays": 0, "monday": 1, "mon": 1, "mondays": 1, "tuesday": 2, "tue": 2, "tues": 2,
        "tuesdays": 2, "wednesday": 3, "wed": 3, "wednesdays": 3, "thursday": 4, "thu": 4, "thur": 4, "thurs": 4,
        "thursdays": 4, "friday": 5, "fri": 5, "fridays": 5, "saturday": 6, "sat": 6, "saturdays": 6,
    ]

    /// RFC 5545 weekday codes by weekday number.
    static let weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

    /// Month names and abbreviations → 1 … 12.
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// Small numbers written out.
    static let numbers: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
    ]

    /// Ordinals in words → 1 … 5, and -1 for "last".
    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
    ]

    /// A unit of time.
    enum Unit: Sendable {
        case minute, hour, day, week, month, year

        var seconds: Int {
            switch self {
            case .minute: 60
            case .hour: 3600
            case .day: 86_400
            case .week: 7 * 86_400
            case .month: 30 * 86_400
            case .year: 365 * 86_400
            }
        }
    }

    /// Unit words.
    static let units: [String: Unit] = [
        "minute": .minute, "minutes": .minute, "min": .minute, "mins": .minute, "hour": .hour, "hours": .hour,
        "hr": .hour, "hrs": .hour, "day": .day, "days": .day, "week": .week, "weeks": .week, "month": .month,
        "months": .month, "year": .year, "years": .year,
    ]

    /// Parts of the day → seconds into the day.
    static let partsOfDay: [String: Int] = [
        "morning": 9 * 3600, "noon": 12 * 3600, "afternoon": 15 * 3600, "evening": 18 * 3600, "night": 20 * 3600,
        "tonight": 20 * 3600,
    ]

    /// A count: digits (1–9999) or a number word.
    static func number(_ key: String) -> Int? {
        if let value = Int(key), (0...9999).contains(value), key.allSatisfy(\.isASCII) { return value }
        return numbers[key]
    }

    /// A day of the month or an ordinal: `1st`, `2nd`, `3rd`, `15th`, `first`, `last` (-1), or a bare number
    /// when `bare` is allowed.
    static func ordinal(_ key: String, bare: Bool = false) -> Int? {
        if let word = ordinals[key] { return word }
        for suffix in ["st", "nd", "rd", "th"] where key.hasSuffix(suffix) {
            if let value = Int(key.dropLast(2)), (1...31).contains(value) { return value }
        }
        if bare, let value = Int(key), (1...31).contains(value) { return value }
        return nil
    }
}
