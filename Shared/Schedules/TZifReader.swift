/// Reads a TZif file (RFC 8536): skips the v1 block, reads the v2+ 64-bit transition table and local time types, and
/// the footer's POSIX TZ rule. Leap-second records (the `right/` zones) are not applied.
enum TZifReader {
    /// The zone in `bytes`, or nil when they are not a v2+ TZif file.
    static func read(_ bytes: [UInt8], name: String) -> ZoneInfo? {
        guard bytes.count >= 44, bytes.starts(with: Array("TZif".utf8)), bytes[4] >= UInt8(ascii: "2"),
            let v1 = Header(bytes, at: 0)
        else { return nil }
        let second = 44 + v1.length(timeSize: 4)
        guard let header = Header(bytes, at: second) else { return nil }
        var index = second + 44
        let end = index + header.length(timeSize: 8)
        guard end < bytes.count else { return nil }
        var transitions: [Int64] = []
        transitions.reserveCapacity(header.timeCount)
        for _ in 0..<header.timeCount {
            transitions.append(Int64(bitPattern: UInt64(bigEndian: bytes, at: index)))
            index += 8
        }
        let typeIndices = bytes[index..<(index + header.timeCount)].map(Int.init)
        index += header.timeCount
        var typeOffsets: [Int32] = []
        for _ in 0..<header.typeCount {
            typeOffsets.append(Int32(bitPattern: UInt32(truncatingIfNeeded: UInt64(bigEndian: bytes, at: index) >> 32)))
            index += 6
        }
        guard !typeOffsets.isEmpty, typeIndices.allSatisfy({ $0 < typeOffsets.count }),
            zip(transitions, transitions.dropFirst()).allSatisfy({ $0 < $1 })
        else { return nil }
        // The footer: "\n<TZ string>\n" after the v2+ data; an empty string means no rule past the table.
        var rule: PosixTZRule?
        if bytes[end] == UInt8(ascii: "\n"), let close = bytes[(end + 1)...].firstIndex(of: UInt8(ascii: "\n")), close > end + 1 {
            guard let parsed = PosixTZRule(String(decoding: bytes[(end + 1)..<close], as: UTF8.self)) else { return nil }
            rule = parsed
        }
        return ZoneInfo(
            name: name, transitions: transitions, offsets: typeIndices.map { typeOffsets[$0] },
            initialOffset: Int(typeOffsets[0]), rule: rule)
    }

    /// The six counts of a TZif header.
    private struct Header {
        var utCount, standardCount, leapCount, timeCount, typeCount, charCount: Int

        init?(_ bytes: [UInt8], at start: Int) {
            guard start + 44 <= bytes.count, bytes[start..<(start + 4)].elementsEqual("TZif".utf8) else { return nil }
            func count(_ n: Int) -> Int {
                Int(UInt32(truncatingIfNeeded: UInt64(bigEndian: bytes, at: start + 20 + 4 * n) >> 32))
            }
            (utCount, standardCount, leapCount, timeCount, typeCount, charCount) =
                (count(0), count(1), count(2), count(3), count(4), count(5))
            guard [utCount, standardCount, leapCount, timeCount, typeCount, charCount].allSatisfy({ $0 < 1 << 16 }) else {
                return nil
            }
        }

        /// The size of the data block after this header.
        func length(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4) + standardCount
                + utCount
        }
    }
}

extension UInt64 {
    /// The big-endian value of the eight bytes at `index` (zero-padded past the end).
    fileprivate init(bigEndian bytes: [UInt8], at index: Int) {
        var value: UInt64 = 0
        for offset in 0..<8 {
            value = value << 8 | UInt64(index + offset < bytes.count ? bytes[index + offset] : 0)
        }
        self = value
    }
}
