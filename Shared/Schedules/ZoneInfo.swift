package import FoundationEssentials
import Synchronization

/// An IANA time zone read from the system tz database (`/usr/share/zoneinfo`, Debian's `tzdata`): every zone with
/// its full history and daylight-saving rules, without FoundationInternationalization.
///
/// A zone is the transition table of its TZif file (RFC 8536, the 64-bit v2+ data) and, for instants past the
/// table, the POSIX TZ rule in the file's footer. Zones are read once per process and cached.
///
/// Local (wall-clock) times map to instants by RFC 5545's rule (§3.3.5): a local time that does not exist (the
/// spring-forward gap) is read with the offset in effect before the transition, i.e. moved forward by the gap
/// (02:30 on a day Paris skips 02:00–03:00 is 03:30 CEST); a local time that exists twice (fall back) is the first
/// of the two instants.
///
/// ```swift
/// let paris = try ZoneInfo.named("Europe/Paris")
/// paris.offset(atUTC: 1_782_900_000)           // 7200 (CEST)
/// ```
package struct ZoneInfo: Hashable, Sendable {
    /// The zone's name as written (`Europe/Paris`).
    package let name: String
    /// Transition instants (seconds since the epoch, ascending).
    let transitions: [Int64]
    /// The offset (seconds east of UTC) in effect from each transition on.
    let offsets: [Int32]
    /// The offset before the first transition.
    let initialOffset: Int
    /// The offsets after the last transition, if the file has a footer rule.
    let rule: PosixTZRule?

    /// UTC.
    package static let utc = ZoneInfo(name: "UTC", transitions: [], offsets: [], initialOffset: 0, rule: nil)

    /// Names always read as UTC, even without a tz database.
    private static let utcNames: Set<String> = [
        "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu", "GMT", "Etc/GMT",
    ]

    private static let cache = Mutex<[String: ZoneInfo]>([:])

    /// The zone named `name` (an IANA identifier such as `America/New_York`).
    /// - Parameter zoneinfo: The tz database directory (tests may point elsewhere).
    /// - Throws: `ScheduleError` (`.unsupportedTimeZone`) for an unknown or malformed name or an unreadable file.
    package static func named(_ name: String, zoneinfo: String = "/usr/share/zoneinfo") throws(ScheduleError) -> ZoneInfo {
        if utcNames.contains(name) { return ZoneInfo(name: name, transitions: [], offsets: [], initialOffset: 0, rule: nil) }
        let key = zoneinfo + "\u{0}" + name
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let unknown = ScheduleError(.unsupportedTimeZone, "provided bad location \(name): unknown time zone \(name)")
        let allowed = name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || "/_+-".utf8.contains($0)
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard allowed, (1...64).contains(name.utf8.count), parts.allSatisfy({ !$0.isEmpty && $0.first != "-" }),
            !["posixrules", "localtime"].contains(name), parts.first != "right"
        else { throw unknown }
        guard let data = try? Data(contentsOf: URL(filePath: "\(zoneinfo)/\(name)")), data.count <= 1 << 20,
            let zone = TZifReader.read(Array(data), name: name)
        else { throw unknown }
        cache.withLock { $0[key] = zone }
        return zone
    }

    /// The offset (seconds east of UTC) in effect at an instant given in seconds since the epoch.
    package func offset(atUTC utc: Int64) -> Int {
        guard let last = transitions.last else { return rule?.offset(atUTC: utc) ?? initialOffset }
        if utc >= last, let rule { return rule.offset(atUTC: utc) }
        if utc < transitions[0] { return initialOffset }
        var low = 0
        var high = transitions.count - 1
        while low < high {  // the last transition <= utc
            let middle = (low + high + 1) / 2
            if transitions[middle] <= utc { low = middle } else { high = middle - 1 }
        }
        return Int(offsets[low])
    }

    /// The offset in effect at `date`.
    package func offset(at date: Date) -> Int {
        offset(atUTC: CivilTime.floorDiv(date.unixMicros, 1_000_000))
    }

    /// The instant (seconds since the epoch) of a wall-clock time (seconds since 1970-01-01T00:00 local), resolving
    /// gaps and overlaps by RFC 5545's rule (see the type's documentation).
    package func utc(forLocal local: Int64) -> Int64 {
        let before = offset(atUTC: local - 86_400)
        let after = offset(atUTC: local + 86_400)
        if before == after, offset(atUTC: local - Int64(before)) == before { return local - Int64(before) }
        // Near a transition: among the offsets that read back consistently, the earliest instant wins (overlap);
        // none does in a gap, where the offset before the transition moves the time forward by the gap.
        var best: Int64?
        for candidate in [before, after, offset(atUTC: local - Int64(before)), offset(atUTC: local - Int64(after))]
        where offset(atUTC: local - Int64(candidate)) == candidate {
            best = min(best ?? .max, local - Int64(candidate))
        }
        return best ?? local - Int64(before)
    }
}
