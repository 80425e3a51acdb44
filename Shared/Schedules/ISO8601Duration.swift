/// An ISO 8601 duration such as `P1DT2H` or `R5/PT10M`, parsed exactly as Dapr's `kit/time.ParseISO8601Duration`.
///
/// Years, months and days are calendar units (added as Go's `AddDate` does); hours, minutes and seconds are exact.
/// As in Dapr, `W` adds seven days, a field without a designator is ignored, and unknown letters are skipped.
package struct ISO8601Duration: Hashable, Sendable {
    /// `nY`.
    package var years = 0
    /// `nM` before `T`.
    package var months = 0
    /// `nD` plus seven per `nW`.
    package var days = 0
    /// `T…H/M/S` in seconds.
    package var seconds: Int64 = 0
    /// `Rn/` repetitions; -1 when absent (infinite, in Dapr's terms).
    package var repetitions = -1

    /// Parses `text`.
    /// - Throws: `ScheduleError` (`.invalidDuration`) with Dapr's text `unsupported ISO8601 duration format: …`.
    package init(_ text: String) throws(ScheduleError) {
        let bytes = Array(text.utf8)
        let failure = ScheduleError(.invalidDuration, "unsupported ISO8601 duration format: \(text)")
        guard bytes.count >= 2 else { throw failure }
        var index = 0
        if bytes[0] == UInt8(ascii: "R") {
            repeat { index += 1 } while index < bytes.count && bytes[index] != UInt8(ascii: "/")
            guard index - 1 >= 1, let count = Self.atoi(bytes[1..<index]) else { throw failure }
            repetitions = count
            index += 1
            if index >= bytes.count { return }
        }
        guard bytes[index] == UInt8(ascii: "P") else { throw failure }
        index += 1
        var start = index
        var inTime = false
        while index < bytes.count {
            let byte = bytes[index]
            let isDesignator = "YWDHSM".utf8.contains(byte)
            if byte == UInt8(ascii: "T") {
                guard start == index else { throw failure }
                inTime = true
                start = index + 1
            } else if isDesignator {
                guard start != index, let number = Self.atoi(bytes[start..<index]) else { throw failure }
                switch byte {
                case UInt8(ascii: "Y"), UInt8(ascii: "W"), UInt8(ascii: "D"):
                    guard !inTime else { throw failure }
                    if byte == UInt8(ascii: "Y") {
                        years = number
                    } else {
                        days += byte == UInt8(ascii: "W") ? number * 7 : number
                    }
                case UInt8(ascii: "H"), UInt8(ascii: "S"):
                    guard inTime else { throw failure }
                    seconds += Int64(number) * (byte == UInt8(ascii: "H") ? 3_600 : 1)
                default:
                    if inTime { seconds += Int64(number) * 60 } else { months = number }
                }
                start = index + 1
            }
            index += 1
        }
    }

    /// Go's `strconv.Atoi` on a slice: optional sign and decimal digits, capped at ±100,000 (Go takes any 64-bit
    /// value; the cap keeps every later date computation far from overflow).
    private static func atoi(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard let value = Int(String(decoding: bytes, as: UTF8.self)), abs(value) <= 100_000 else { return nil }
        return value
    }
}
