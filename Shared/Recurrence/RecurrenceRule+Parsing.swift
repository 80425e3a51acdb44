extension RecurrenceRule {
    /// The parts this subset supports.
    private static let supportedParts = [
        "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST",
    ]

    /// Parses RRULE text (`FREQ=WEEKLY;BYDAY=MO,WE`, an `RRULE:` prefix allowed), checking every limit of the type.
    /// - Throws: ``RecurrenceError`` naming the part at fault.
    package init(parsing text: String) throws(RecurrenceError) {
        guard text.utf8.count <= Self.maximumLength else {
            throw RecurrenceError("the rule is longer than \(Self.maximumLength) characters")
        }
        var body = Substring(text)
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        var values: [String: String] = [:]
        for part in body.split(separator: ";", omittingEmptySubsequences: true) {
            guard let equals = part.firstIndex(of: "=") else { throw RecurrenceError("'\(part.prefix(40))' is not NAME=VALUE") }
            let name = part[..<equals].uppercased()
            guard Self.supportedParts.contains(name) else {
                throw RecurrenceError(
                    "\(name.prefix(40)) is not supported; a rule may use \(Self.supportedParts.joined(separator: ", "))")
            }
            guard values[name] == nil else { throw RecurrenceError("\(name) is given twice") }
            values[name] = String(part[part.index(after: equals)...]).uppercased()
        }
        guard let freq = values["FREQ"] else { throw RecurrenceError("FREQ is missing (DAILY, WEEKLY, MONTHLY or YEARLY)") }
        guard let frequency = Frequency(rawValue: freq) else {
            if ["SECONDLY", "MINUTELY", "HOURLY"].contains(freq) {
                throw RecurrenceError("FREQ=\(freq) is not supported: the shortest repeat is DAILY")
            }
            throw RecurrenceError("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
        }
        self.init(frequency: frequency)
        if let value = values["INTERVAL"] { interval = try Self.integer(value, "INTERVAL", 1...Self.maximumInterval) }
        if let value = values["COUNT"] { count = try Self.integer(value, "COUNT", 1...Self.maximumCount) }
        if let value = values["UNTIL"] {
            guard count == nil else { throw RecurrenceError("COUNT and UNTIL cannot both be given") }
            guard let until = ICalDateTime.parseUntil(value) else {
                throw RecurrenceError("UNTIL must be a date (20261231) or date-time (20261231T235959Z)")
            }
            self.until = until
        }
        if let value = values["BYMONTH"] { byMonth = try Self.list(value, "BYMONTH", 1...12, negative: false) }
        if let value = values["BYMONTHDAY"] { byMonthDay = try Self.list(value, "BYMONTHDAY", 1...31, negative: true) }
        if let value = values["BYSETPOS"] { bySetPos = try Self.list(value, "BYSETPOS", 1...366, negative: true) }
        if let value = values["WKST"] {
            guard let day = Self.weekdayNames.firstIndex(of: value) else { throw RecurrenceError("WKST must be MO … SU") }
            weekStart = day
        }
        if let value = values["BYDAY"] { byDay = try Self.weekdays(value, frequency: frequency, byMonth: !byMonth.isEmpty) }
        if frequency == .weekly, !byMonthDay.isEmpty {
            throw RecurrenceError("BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545)")
        }
        if !bySetPos.isEmpty, byDay.isEmpty, byMonthDay.isEmpty, byMonth.isEmpty {
            throw RecurrenceError("BYSETPOS needs another BYxxx part to select from")
        }
    }

    private static func integer(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws(RecurrenceError) -> Int {
        guard !text.isEmpty, text.utf8.count <= 12, text.allSatisfy(\.isASCII), let value = Int(text), range.contains(value)
        else {
            throw RecurrenceError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func list(_ text: String, _ name: String, _ range: ClosedRange<Int>, negative: Bool) throws(RecurrenceError)
        -> [Int]
    {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= maximumListLength else {
            throw RecurrenceError("\(name) lists more than \(maximumListLength) values")
        }
        var values: [Int] = []
        for item in items {
            let value = Int(item.utf8.count <= 6 && item.allSatisfy(\.isASCII) ? item : "x")
            guard let value, range.contains(value) || (negative && range.contains(-value)) else {
                let span = negative ? "±\(range.lowerBound)…\(range.upperBound)" : "\(range.lowerBound)…\(range.upperBound)"
                throw RecurrenceError("\(name) values must be \(span) (got '\(item.prefix(12))')")
            }
            if !values.contains(value) { values.append(value) }
        }
        return values
    }

    private static func weekdays(_ text: String, frequency: Frequency, byMonth: Bool) throws(RecurrenceError) -> [WeekdayNumber] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= maximumListLength else { throw RecurrenceError("BYDAY lists more than \(maximumListLength) values") }
        var days: [WeekdayNumber] = []
        for item in items {
            guard item.count >= 2, item.utf8.count <= 6, let weekday = weekdayNames.firstIndex(of: String(item.suffix(2))) else {
                throw RecurrenceError("BYDAY values must be MO … SU with an optional ordinal such as 2MO or -1FR")
            }
            let prefix = item.dropLast(2)
            var ordinal = 0
            if !prefix.isEmpty {
                let limit = frequency == .yearly && !byMonth ? 53 : 5
                guard let value = Int(prefix), value != 0, abs(value) <= limit else {
                    throw RecurrenceError("BYDAY ordinal '\(prefix)' must be ±1…\(limit)")
                }
                guard frequency == .monthly || frequency == .yearly else {
                    throw RecurrenceError("BYDAY ordinals such as \(item) need FREQ=MONTHLY or YEARLY (RFC 5545)")
                }
                ordinal = value
            }
            let day = WeekdayNumber(weekday: weekday, ordinal: ordinal)
            if !days.contains(day) { days.append(day) }
        }
        return days
    }
}
