import FoundationEssentials
import Schedules
import Testing

/// Cron schedules in zones with DST: the wall-clock time holds, a skipped time fires moved forward by the gap, a
/// repeated time fires once (its first occurrence). Instants are Python `zoneinfo` with `fold=0`.
@Suite("CronSchedule in zones with daylight saving time")
struct CronZoneTests {
    @Test("09:00 daily in New York across both transitions")
    func newYork() throws {
        let schedule = try CronSchedule("CRON_TZ=America/New_York 0 0 9 * * *")
        // 2026-03-07T14:00Z is 09:00 EST; the next is 09:00 EDT on the 8th (13:00Z).
        #expect(schedule.next(after: Date(timeIntervalSince1970: 1_772_892_000))?.timeIntervalSince1970 == 1_772_974_800)
        // 2026-10-31T13:00Z is 09:00 EDT; the next is 09:00 EST on November 1 (14:00Z).
        #expect(schedule.next(after: Date(timeIntervalSince1970: 1_793_451_600))?.timeIntervalSince1970 == 1_793_541_600)
    }

    @Test("02:30 in Paris on the spring-forward day fires at 03:30 CEST; 02:30 at fall-back fires once")
    func gapAndOverlap() throws {
        let schedule = try CronSchedule("TZ=Europe/Paris 0 30 2 * * *")
        let spring = try #require(schedule.next(after: Date(timeIntervalSince1970: 1_774_700_000)))  // 2026-03-28 ~13:13Z
        #expect(spring.timeIntervalSince1970 == 1_774_747_800)  // 2026-03-29T01:30Z = 03:30 CEST
        let first = try #require(schedule.next(after: Date(timeIntervalSince1970: 1_792_850_000)))  // 2026-10-24 ~14:33Z
        #expect(first.timeIntervalSince1970 == 1_792_888_200)  // the first 02:30 (CEST), 00:30Z
        let next = try #require(schedule.next(after: first))
        #expect(next.timeIntervalSince1970 == 1_792_891_800 + 86_400)  // not the second 02:30: the next day's
    }

    @Test("every 15 minutes through Lord Howe's 30-minute fall-back never goes backwards")
    func lordHowe() throws {
        let schedule = try CronSchedule("CRON_TZ=Australia/Lord_Howe 0 */15 * * * *")
        var time = Date(timeIntervalSince1970: 1_775_309_400)  // 2026-04-04T13:30Z, 00:30 +11
        for _ in 0..<20 {
            let next = try #require(schedule.next(after: time))
            #expect(next > time)
            #expect(next.timeIntervalSince(time) <= 45 * 60)
            time = next
        }
    }
}
