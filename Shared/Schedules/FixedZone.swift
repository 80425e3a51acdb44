import FoundationEssentials

/// The time zone of a `CRON_TZ=`/`TZ=` prefix, limited to zones with one fixed UTC offset.
///
/// `UTC`, `Etc/UTC` and the like are built in; any other IANA name is looked up in `/usr/share/zoneinfo` and
/// accepted only if its TZif footer rule has no daylight-saving part (`Asia/Kolkata`, `Asia/Tokyo`, `Etc/GMT-5`).
/// Zones with DST (`Europe/Berlin`) are rejected with a clear reason: this scheduler does not model DST transitions.
/// Schedules without a prefix run in UTC (daprd uses the Scheduler host's zone, which is UTC in its containers).
package struct FixedZone: Hashable, Sendable {
    /// The zone's name as written.
    package var name: String
    /// Seconds east of UTC.
    package var offset: Int

    /// UTC.
    package static let utc = FixedZone(name: "UTC", offset: 0)

    /// Creates a zone from an offset.
    package init(name: String, offset: Int) {
        self.name = name
        self.offset = offset
    }

    /// Looks up an IANA zone name.
    /// - Parameter zoneinfo: The tz database directory (tests may point elsewhere).
    /// - Throws: `ScheduleError` (`.unsupportedTimeZone`) for an unknown zone, a zone with DST or an unreadable file.
    package static func named(_ name: String, zoneinfo: String = "/usr/share/zoneinfo") throws(ScheduleError) -> FixedZone {
        if ["", "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu", "GMT", "Etc/GMT"]
            .contains(name)
        {
            return FixedZone(name: name.isEmpty ? "UTC" : name, offset: 0)
        }
        let unknown = ScheduleError(.unsupportedTimeZone, "provided bad location \(name): unknown time zone \(name)")
        let allowed = name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "/_+-".unicodeScalars.contains($0)
        }
        guard allowed, !name.hasPrefix("/"), !name.split(separator: "/").contains(".."), !name.contains("..") else {
            throw unknown
        }
        guard let data = try? Data(contentsOf: URL(filePath: "\(zoneinfo)/\(name)")), data.starts(with: Array("TZif".utf8)) else {
            throw unknown
        }
        let bytes = Array(data)
        guard bytes.last == UInt8(ascii: "\n"), let start = bytes.dropLast().lastIndex(of: UInt8(ascii: "\n")) else {
            throw ScheduleError(.unsupportedTimeZone, "time zone \(name) has no TZif footer rule to read")
        }
        let rule = String(decoding: bytes[(start + 1)..<(bytes.count - 1)], as: UTF8.self)
        guard let offset = fixedOffset(rule) else {
            throw ScheduleError(
                .unsupportedTimeZone,
                "time zone \(name) observes daylight saving time (\(rule)), which this scheduler does not support; use UTC or a fixed-offset zone"
            )
        }
        return FixedZone(name: name, offset: offset)
    }

    /// The UTC offset of a POSIX TZ rule without a DST part (`IST-5:30` → +19800), or nil.
    static func fixedOffset(_ rule: String) -> Int? {
        var rest = Substring(rule)
        if rest.first == "<" {
            guard let close = rest.firstIndex(of: ">") else { return nil }
            rest = rest[rest.index(after: close)...]
        } else {
            let name = rest.prefix { $0.isLetter }
            guard name.count >= 3 else { return nil }
            rest = rest.dropFirst(name.count)
        }
        var sign = 1
        if let first = rest.first, first == "+" || first == "-" {
            sign = first == "-" ? 1 : -1  // POSIX offsets count west of UTC.
            rest = rest.dropFirst()
        } else {
            sign = -1
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, numbers[0] <= 24 else { return nil }
        let seconds = numbers[0] * 3_600 + (numbers.count > 1 ? numbers[1] * 60 : 0) + (numbers.count > 2 ? numbers[2] : 0)
        return sign * seconds
    }
}
