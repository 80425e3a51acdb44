package import FoundationEssentials

/// The `dueTime` and `ttl` grammar of Dapr jobs: an RFC 3339 timestamp, a Go duration or a non-repeating ISO 8601
/// duration, the last two relative to a start instant (go-etcd-cron's `parsePointInTime`).
package enum PointInTime {
    /// Resolves `text` to an instant.
    /// - Parameters:
    ///   - text: `2026-09-01T10:00:00Z`, `90s`, `-1h`, `P1DT2H`.
    ///   - start: The instant durations count from (job creation, truncated to the second; or the due time for a ttl).
    /// - Throws: `ScheduleError` (`.invalidPointInTime`) with the scheduler's reason text.
    package static func resolve(_ text: String, from start: Date) throws(ScheduleError) -> Date {
        if let micros = rfc3339(text) { return Date(unixMicros: micros) }
        if let nanos = try? GoDuration.nanoseconds(text) {
            return Date(unixMicros: start.unixMicros.addingReportingOverflow(nanos / 1_000).partialValue)
        }
        guard let duration = try? ISO8601Duration(text) else {
            throw ScheduleError(.invalidPointInTime, "due time format not recognized")
        }
        guard duration.repetitions <= 0 else { throw ScheduleError(.invalidPointInTime, "repeats not supported for due time") }
        let micros = start.unixMicros
        let seconds = CivilTime.floorDiv(micros, 1_000_000)
        let base = CivilTime(seconds: seconds)
        let shifted = CivilTime(
            year: base.year + duration.years, month: base.month + duration.months, day: base.day + duration.days,
            hour: base.hour, minute: base.minute, second: base.second)
        let (total, overflow) = shifted.seconds.addingReportingOverflow(duration.seconds)
        let (scaled, scaleOverflow) = total.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow, !scaleOverflow else { throw ScheduleError(.invalidPointInTime, "due time format not recognized") }
        return Date(unixMicros: scaled.addingReportingOverflow(micros - seconds * 1_000_000).partialValue)
    }

    /// Parses an RFC 3339 timestamp (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`) into microseconds since the epoch.
    static func rfc3339(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2),
            let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2),
            (1...12).contains(month), day >= 1, day <= CivilTime.daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        var index = 19
        var micros: Int64 = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            var scale: Int64 = 100_000
            while index < b.count, let digit = digit(b[index]) {
                micros += Int64(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start, index - start <= 9 else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        if b[index] == UInt8(ascii: "Z") {
            index += 1
        } else {
            guard b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-"), b.count == index + 6,
                b[index + 3] == UInt8(ascii: ":"), let hours = number(b, index + 1, 2), let minutes = number(b, index + 4, 2),
                hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3_600 + minutes * 60) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        }
        guard index == b.count else { return nil }
        let local = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).seconds
        return (local - Int64(offset)) * 1_000_000 + micros
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            guard let digit = digit(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
