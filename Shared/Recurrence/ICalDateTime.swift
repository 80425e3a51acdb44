package import FoundationEssentials
package import Schedules

/// Date-times as rules and people write them: iCalendar's basic form (`19970902T090000`, with `Z` for UTC, or a bare
/// date `19970902`) and ISO 8601's extended form (`2026-03-29T09:00:00+02:00`, `2026-03-29T09:00`, `2026-03-29`).
package struct ICalDateTime: Hashable, Sendable {
    /// The wall-clock time, seconds since 1970-01-01T00:00 in whatever zone it was written.
    package var local: Int64
    /// Seconds east of UTC when written with `Z` or an offset; nil for a floating (zone-less) time.
    package var offset: Int?
    /// Whether only a date was written (the time is midnight).
    package var dateOnly: Bool

    /// Parses either form; nil when `text` is neither.
    package init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count <= 40 else { return nil }
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= b.count else { return nil }
            var value = 0
            for byte in b[index..<(index + width)] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += width
            return value
        }
        func take(_ character: Unicode.Scalar) -> Bool {
            guard index < b.count, b[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
        guard let year = number(4) else { return nil }
        let extended = take("-")
        guard let month = number(2), !extended || take("-"), let day = number(2), (1...12).contains(month), day >= 1,
            day <= CivilTime.daysIn(month: month, year: year)
        else { return nil }
        var (hour, minute, second) = (0, 0, 0)
        dateOnly = !take("T")
        if !dateOnly {
            guard let h = number(2), !extended || take(":"), let m = number(2), h < 24, m < 60 else { return nil }
            (hour, minute) = (h, m)
            if extended ? take(":") : index < b.count && b[index] != UInt8(ascii: "Z") {
                guard let s = number(2), s < 60 else { return nil }
                second = s
            }
            if extended, take(".") {
                while index < b.count, b[index] >= UInt8(ascii: "0"), b[index] <= UInt8(ascii: "9") { index += 1 }
            }
        }
        local = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).seconds
        offset = nil
        if take("Z") {
            offset = 0
        } else if !dateOnly, index < b.count, b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let h = number(2), take(":") || !extended, let m = number(2), h < 24, m < 60 else { return nil }
            offset = sign * (h * 3_600 + m * 60)
        }
        guard index == b.count else { return nil }
    }

    /// The instant this names: its own offset, else the wall-clock time in `zone` (RFC 5545's gap/overlap rule).
    package func instant(in zone: ZoneInfo) -> Int64 {
        offset.map { local - Int64($0) } ?? zone.utc(forLocal: local)
    }

    /// An `UNTIL` value: `…Z` an instant, a date-time a wall-clock time, a date a last day.
    static func parseUntil(_ text: String) -> RecurrenceRule.Until? {
        guard text.utf8.count <= 16, let value = ICalDateTime(text), !text.contains("-"), value.offset ?? 0 == 0 else {
            return nil
        }
        if value.dateOnly { return .date(CivilTime.floorDiv(value.local, 86_400)) }
        return value.offset == nil ? .local(value.local) : .instant(value.local)
    }

    /// `UNTIL`'s text.
    static func format(_ until: RecurrenceRule.Until) -> String {
        switch until {
        case .instant(let seconds): basic(seconds) + "Z"
        case .local(let seconds): basic(seconds)
        case .date(let days): String(basic(days * 86_400).prefix(8))
        }
    }

    /// `19970902T090000` for wall-clock seconds.
    package static func basic(_ seconds: Int64) -> String {
        let t = CivilTime(seconds: seconds)
        return pad(t.year, 4) + pad(t.month, 2) + pad(t.day, 2) + "T" + pad(t.hour, 2) + pad(t.minute, 2) + pad(t.second, 2)
    }

    /// `2026-03-29T09:00:00+02:00`: an instant as ISO 8601 with the zone's offset at that instant (`Z` for UTC).
    package static func iso8601(_ instant: Date, in zone: ZoneInfo) -> String {
        let utc = CivilTime.floorDiv(instant.unixMicros, 1_000_000)
        let offset = zone.offset(atUTC: utc)
        let t = CivilTime(seconds: utc + Int64(offset))
        let date = pad(t.year, 4) + "-" + pad(t.month, 2) + "-" + pad(t.day, 2)
        let time = pad(t.hour, 2) + ":" + pad(t.minute, 2) + ":" + pad(t.second, 2)
        guard offset != 0 || zone.name != "UTC" else { return date + "T" + time + "Z" }
        let sign = offset < 0 ? "-" : "+"
        return date + "T" + time + sign + pad(abs(offset) / 3_600, 2) + ":" + pad(abs(offset) % 3_600 / 60, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
