/// Go's `time.ParseDuration`: a signed sequence of decimal numbers with units, such as `1h30m`, `-1.5h`, `300ms`.
///
/// Units are `ns`, `us` (or `µs`, `μs`), `ms`, `s`, `m`, `h`; `0` alone needs no unit. Errors carry Go's exact text.
package enum GoDuration {
    /// Parses `text` into nanoseconds.
    /// - Returns: The duration in nanoseconds (negative allowed).
    /// - Throws: `ScheduleError` (`.invalidDuration`) whose reason is Go's message, e.g. `time: invalid duration "x"`.
    package static func nanoseconds(_ text: String) throws(ScheduleError) -> Int64 {
        var bytes = Substring(text).utf8[...]
        let invalid = ScheduleError(.invalidDuration, "time: invalid duration \(goQuote(text))")
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        if bytes.isEmpty { throw invalid }
        var total: UInt64 = 0
        while !bytes.isEmpty {
            guard let first = bytes.first, first == UInt8(ascii: ".") || isDigit(first) else { throw invalid }
            let before = bytes.count
            guard let whole = leadingInt(&bytes) else { throw invalid }
            let hasWhole = before != bytes.count
            var fraction: UInt64 = 0
            var scale: Double = 1
            var hasFraction = false
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                let start = bytes.count
                (fraction, scale) = leadingFraction(&bytes)
                hasFraction = start != bytes.count
            }
            guard hasWhole || hasFraction else { throw invalid }
            let unitEnd = bytes.firstIndex { $0 == UInt8(ascii: ".") || isDigit($0) } ?? bytes.endIndex
            guard unitEnd != bytes.startIndex else {
                throw ScheduleError(.invalidDuration, "time: missing unit in duration \(goQuote(text))")
            }
            let unitName = String(decoding: bytes[..<unitEnd], as: UTF8.self)
            bytes = bytes[unitEnd...]
            guard let unit = units[unitName] else {
                throw ScheduleError(.invalidDuration, "time: unknown unit \(goQuote(unitName)) in duration \(goQuote(text))")
            }
            guard whole <= (1 << 63) / unit else { throw invalid }
            var value = whole * unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= 1 << 63 else { throw invalid }
            }
            total += value
            guard total <= 1 << 63 else { throw invalid }
        }
        if negative { return total == 1 << 63 ? .min : -Int64(total) }
        guard total <= UInt64(Int64.max) else { throw invalid }
        return Int64(total)
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Consumes leading digits; nil on overflow past 2^63.
    private static func leadingInt(_ bytes: inout Substring.UTF8View.SubSequence) -> UInt64? {
        var value: UInt64 = 0
        while let byte = bytes.first, isDigit(byte) {
            guard value <= (1 << 63) / 10 else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
            guard value <= 1 << 63 else { return nil }
            bytes = bytes.dropFirst()
        }
        return value
    }

    /// Consumes leading fraction digits, ignoring the precision that would overflow, as Go does.
    private static func leadingFraction(_ bytes: inout Substring.UTF8View.SubSequence) -> (UInt64, Double) {
        var value: UInt64 = 0
        var scale: Double = 1
        var overflow = false
        while let byte = bytes.first, isDigit(byte) {
            bytes = bytes.dropFirst()
            if overflow { continue }
            guard value <= (UInt64(Int64.max)) / 10 else {
                overflow = true
                continue
            }
            let next = value * 10 + UInt64(byte - UInt8(ascii: "0"))
            guard next <= UInt64(Int64.max) else {
                overflow = true
                continue
            }
            value = next
            scale *= 10
        }
        return (value, scale)
    }
}
