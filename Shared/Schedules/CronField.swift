/// Parses one cron field (`*/15`, `1-5`, `MON-FRI`, `0,30`, `?`) into bits, with kit/cron's error texts.
enum CronField {
    /// The bits of a comma-separated list of ranges.
    static func bits(_ field: String, _ bounds: CronSpec.Bounds) throws(ScheduleError) -> UInt64 {
        var bits: UInt64 = 0
        for range in field.split(separator: ",") {
            bits |= try rangeBits(String(range), bounds)
        }
        return bits
    }

    /// `number | number "-" number [ "/" number ]`, or `*`/`?` with an optional step.
    private static func rangeBits(_ expr: String, _ bounds: CronSpec.Bounds) throws(ScheduleError) -> UInt64 {
        let rangeAndStep = expr.split(separator: "/", omittingEmptySubsequences: false)
        let lowAndHigh = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false)
        var extra: UInt64 = 0
        var start: Int
        var end: Int
        if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
            start = bounds.min
            end = bounds.max
            extra = CronSpec.starBit
        } else {
            start = try intOrName(String(lowAndHigh[0]), bounds)
            switch lowAndHigh.count {
            case 1: end = start
            case 2: end = try intOrName(String(lowAndHigh[1]), bounds)
            default: throw ScheduleError(.invalidCron, "too many hyphens: \(expr)")
            }
        }
        var step = 1
        switch rangeAndStep.count {
        case 1: break
        case 2:
            step = try number(String(rangeAndStep[1]))
            if lowAndHigh.count == 1 { end = bounds.max }
            if step > 1 { extra = 0 }
        default: throw ScheduleError(.invalidCron, "too many slashes: \(expr)")
        }
        guard start >= bounds.min else {
            throw ScheduleError(.invalidCron, "beginning of range (\(start)) below minimum (\(bounds.min)): \(expr)")
        }
        guard end <= bounds.max else {
            throw ScheduleError(.invalidCron, "end of range (\(end)) above maximum (\(bounds.max)): \(expr)")
        }
        guard start <= end else {
            throw ScheduleError(.invalidCron, "beginning of range (\(start)) beyond end of range (\(end)): \(expr)")
        }
        guard step != 0 else { throw ScheduleError(.invalidCron, "step of range should be a positive number: \(expr)") }
        return CronSpec.bits(start, end, step: step) | extra
    }

    private static func intOrName(_ text: String, _ bounds: CronSpec.Bounds) throws(ScheduleError) -> Int {
        if let value = bounds.names[text.lowercased()] { return value }
        return try number(text)
    }

    /// Go's `strconv.Atoi`, then a non-negative check, with the errors kit/cron wraps around them.
    private static func number(_ text: String) throws(ScheduleError) -> Int {
        let digits = text.first == "+" || text.first == "-" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ScheduleError(
                .invalidCron, "failed to parse int from \(text): strconv.Atoi: parsing \(goQuote(text)): invalid syntax")
        }
        guard let value = Int(text) else {
            throw ScheduleError(
                .invalidCron, "failed to parse int from \(text): strconv.Atoi: parsing \(goQuote(text)): value out of range")
        }
        guard value >= 0 else { throw ScheduleError(.invalidCron, "negative number (\(value)) not allowed: \(text)") }
        return value
    }
}
