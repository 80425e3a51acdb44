import FoundationEssentials
import Schedules
import Testing

/// The TZif reader against the system tz database; expected instants are Python's `zoneinfo` with `fold=0`, which
/// resolves gaps and overlaps exactly as RFC 5545 does.
@Suite("ZoneInfo: IANA zones from /usr/share/zoneinfo")
struct ZoneInfoTests {
    /// Wall-clock seconds of a local date-time.
    static func local(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int) -> Int64 {
        CivilTime(year: y, month: mo, day: d, hour: h, minute: mi).seconds
    }

    static let resolutions: [(zone: String, local: Int64, instant: Int64, what: String)] = [
        ("Europe/Paris", local(2026, 3, 29, 2, 30), 1_774_747_800, "spring-forward gap: moved forward to 03:30 CEST"),
        ("Europe/Paris", local(2026, 10, 25, 2, 30), 1_792_888_200, "fall-back overlap: the first 02:30 (CEST)"),
        ("Europe/Paris", local(2026, 10, 25, 3, 30), 1_792_891_800 + 3_600, "just after the overlap"),
        ("America/New_York", local(2026, 3, 8, 2, 30), 1_772_955_000, "spring-forward gap: 03:30 EDT"),
        ("America/New_York", local(2026, 11, 1, 1, 30), 1_793_511_000, "fall-back overlap: the first 01:30 (EDT)"),
        ("Australia/Lord_Howe", local(2026, 10, 4, 2, 15), 1_791_042_300, "30-minute gap: 02:45 +11"),
        ("Australia/Lord_Howe", local(2026, 4, 5, 1, 45), 1_775_313_900, "30-minute overlap: the first 01:45 (+11)"),
        ("Pacific/Kiritimati", local(2026, 1, 1, 0, 0), 1_767_175_200, "UTC+14: the first zone into a new day"),
        ("Europe/Paris", local(2100, 7, 1, 12, 0), 4_118_119_200, "2100: past the table, the footer rule (CEST)"),
        ("Europe/Paris", local(2100, 3, 28, 2, 30), 4_109_880_600, "2100: a footer-rule gap"),
        ("America/New_York", local(2240, 3, 10, 12, 0), 8_526_355_200, "2240: footer rule, daylight time"),
        ("America/New_York", local(2240, 12, 10, 12, 0), 8_550_118_800, "2240: footer rule, standard time"),
        ("Australia/Lord_Howe", local(2300, 1, 10, 12, 0), 10_414_573_200, "2300: southern-hemisphere footer rule"),
        ("UTC", local(2026, 6, 1, 12, 0), 1_780_315_200, "UTC"),
    ]

    @Test("local times resolve to the instants RFC 5545 prescribes", arguments: resolutions)
    func resolves(zone: String, local: Int64, instant: Int64, what: String) throws {
        let info = try ZoneInfo.named(zone)
        #expect(info.utc(forLocal: local) == instant, "\(zone) \(what)")
    }

    @Test("offsets change at the transition instants, both directions, in three zones")
    func offsets() throws {
        let paris = try ZoneInfo.named("Europe/Paris")
        #expect(paris.offset(atUTC: 1_774_746_000 - 1) == 3_600)  // 2026-03-29T01:00Z
        #expect(paris.offset(atUTC: 1_774_746_000) == 7_200)
        #expect(paris.offset(atUTC: 1_792_890_000 - 1) == 7_200)  // 2026-10-25T01:00Z
        #expect(paris.offset(atUTC: 1_792_890_000) == 3_600)
        let newYork = try ZoneInfo.named("America/New_York")
        #expect(newYork.offset(atUTC: 1_772_953_200 - 1) == -18_000)  // 2026-03-08T07:00Z
        #expect(newYork.offset(atUTC: 1_772_953_200) == -14_400)
        #expect(newYork.offset(atUTC: 1_793_512_800 - 1) == -14_400)  // 2026-11-01T06:00Z
        #expect(newYork.offset(atUTC: 1_793_512_800) == -18_000)
        let lordHowe = try ZoneInfo.named("Australia/Lord_Howe")
        #expect(lordHowe.offset(atUTC: 1_791_041_400 - 1) == 37_800)  // 2026-10-03T15:30Z: +10:30 → +11
        #expect(lordHowe.offset(atUTC: 1_791_041_400) == 39_600)
        #expect(try ZoneInfo.named("Pacific/Kiritimati").offset(atUTC: 1_780_315_200) == 50_400)
    }

    @Test(
        "unknown zones and path tricks are refused with a clear reason",
        arguments: [
            "Mars/Olympus_Mons", "../../etc/passwd", "/etc/passwd", "Europe/../../../etc/passwd", "Europe", "", "Europe//Paris",
            "-rf", "right/Europe/Paris", "posixrules", "Europe/Paris\u{0}", String(repeating: "A", count: 300),
        ])
    func refused(name: String) {
        #expect {
            try ZoneInfo.named(name)
        } throws: { error in
            guard let error = error as? ScheduleError else { return false }
            return error.code == .unsupportedTimeZone && error.reason.contains("unknown time zone")
        }
    }

    @Test("every zone in the tz database (tzdata.zi) loads")
    func everyZone() throws {
        let table = try String(contentsOfFile: "/usr/share/zoneinfo/tzdata.zi", encoding: .utf8)
        let names = table.split(separator: "\n").filter { $0.hasPrefix("Z ") }.map { String($0.split(separator: " ")[1]) }
        #expect(names.count > 300)
        for name in names {
            #expect(throws: Never.self, "\(name)") { _ = try ZoneInfo.named(name) }
        }
    }
}
