import FoundationEssentials
import Schedules
import Testing

/// Random schedules and times never crash, and whatever parses fires strictly later.
@Suite struct ScheduleRobustnessTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("random cron expressions parse or fail cleanly, and parsed ones fire after the given time")
    func cron() throws {
        let pieces = [
            "*", "?", "/", "-", ",", "0", "1", "5", "7", "12", "31", "59", "60", "MON", "jan", "x", "99999999999999999999",
        ]
        let valid = ["*", "?", "1", "1-5", "*/5", "1,2", "2/3", "3-6/2"]
        let after = try instant("2026-11-26T10:00:00Z")
        var generator = Generator(state: 1)
        var parsed = 0
        for _ in 0..<3_000 {
            let fields = (0..<(5 + generator.next(3))).map { _ in
                generator.next(10) < 7
                    ? valid[generator.next(valid.count)]
                    : (0..<(1 + generator.next(4))).map { _ in pieces[generator.next(pieces.count)] }.joined()
            }
            let syntax: CronSchedule.Syntax = generator.next(2) == 0 ? .jobs : .cronBinding
            guard let schedule = try? CronSchedule(fields.joined(separator: " "), syntax: syntax) else { continue }
            parsed += 1
            if let next = schedule.next(after: after) { #expect(next > after) }
        }
        #expect(parsed > 0)
    }

    @Test("random duration and due-time text never crashes")
    func durations() {
        let alphabet = Array("0123456789.+-PTRYMWDHSmsuhnµ/:Z ")
        var generator = Generator(state: 3)
        let now = Date(timeIntervalSince1970: 1_795_687_200)
        for _ in 0..<5_000 {
            let text = String((0..<generator.next(16)).map { _ in alphabet[generator.next(alphabet.count)] })
            _ = try? GoDuration.nanoseconds(text)
            _ = try? ISO8601Duration(text)
            _ = try? JobSchedule(schedule: "@every 1s", dueTime: text, repeats: nil, ttl: text, now: now)
        }
    }

    @Test("extreme instants and durations stay finite")
    func extremes() throws {
        let schedule = try CronSchedule("* * * * * *")
        _ = schedule.next(after: Date(timeIntervalSince1970: 9e15))
        _ = schedule.next(after: Date.distantFuture)
        _ = try CronSchedule("@every 2562047h").next(after: Date.distantFuture)
        let job = try JobSchedule(
            schedule: "@every 1ms", dueTime: "0s", repeats: nil, ttl: nil, now: Date(timeIntervalSince1970: 0))
        _ = job.nextFire(after: Date(timeIntervalSince1970: 9e15))
        #expect(throws: ScheduleError.self) {
            try JobSchedule(schedule: nil, dueTime: "P100001Y", repeats: nil, ttl: nil, now: .now)
        }
    }
}
