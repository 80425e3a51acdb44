import Schedules
import Testing

@Suite struct DurationTests {
    static let goDurations: [(String, Int64)] = [
        ("0", 0), ("1h30m", 5_400_000_000_000), ("500ms", 500_000_000), ("-1.5h", -5_400_000_000_000),
        ("+5s", 5_000_000_000), (".5s", 500_000_000), ("1.s", 1_000_000_000), ("1µs", 1_000), ("1μs", 1_000), ("2us", 2_000),
        ("3ns", 3), ("1h1m1s1ms", 3_661_001_000_000), ("9223372036854775807ns", .max), ("-9223372036854775808ns", .min),
    ]

    @Test("Go durations parse to nanoseconds", arguments: goDurations)
    func goDuration(text: String, nanoseconds: Int64) throws {
        #expect(try GoDuration.nanoseconds(text) == nanoseconds)
    }

    static let badGoDurations: [(String, String)] = [
        ("", #"time: invalid duration """#), ("5", #"time: missing unit in duration "5""#),
        ("1d", #"time: unknown unit "d" in duration "1d""#), (".s", #"time: invalid duration ".s""#),
        ("-", #"time: invalid duration "-""#), ("1h-5m", #"time: unknown unit "h-" in duration "1h-5m""#),
        ("9223372036854775808ns", #"time: invalid duration "9223372036854775808ns""#),
        ("3000000h", #"time: invalid duration "3000000h""#), ("P1D", #"time: invalid duration "P1D""#),
    ]

    @Test("bad Go durations get Go's error text", arguments: badGoDurations)
    func badGoDuration(text: String, reason: String) {
        do {
            _ = try GoDuration.nanoseconds(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.reason == reason)
        }
    }

    static let isoDurations: [(String, Int, Int, Int, Int64, Int)] = [
        ("P1DT2H", 0, 0, 1, 7_200, -1), ("P2W", 0, 0, 14, 0, -1), ("PT1M", 0, 0, 0, 60, -1), ("P1M", 0, 1, 0, 0, -1),
        ("P1Y2M3DT4H5M6S", 1, 2, 3, 14_706, -1), ("R5/PT1M", 0, 0, 0, 60, 5), ("PT", 0, 0, 0, 0, -1), ("R3", 0, 0, 0, 0, 3),
    ]

    @Test("ISO 8601 durations split into calendar and exact parts", arguments: isoDurations)
    func iso(text: String, years: Int, months: Int, days: Int, seconds: Int64, repetitions: Int) throws {
        let duration = try ISO8601Duration(text)
        #expect(duration.years == years && duration.months == months && duration.days == days)
        #expect(duration.seconds == seconds && duration.repetitions == repetitions)
    }

    @Test(
        "malformed ISO 8601 durations are rejected",
        arguments: ["P", "1D", "P1H", "PT1D", "PD", "P1.5D", "R/P1D", "Rx/P1D", "P1DT"])
    func badISO(text: String) {
        if text == "P1DT" {
            #expect((try? ISO8601Duration(text))?.days == 1)
        } else {
            #expect(throws: ScheduleError.self) { try ISO8601Duration(text) }
        }
    }
}
