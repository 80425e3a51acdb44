import Recurrence
import Schedules

/// `todofn rrule '<RRULE>' --start <ISO 8601> [--tz Zone] [--count N]`: prints a rule's occurrences one per line in
/// ISO 8601 with their offset, for people debugging a rule (the same engine task-crud uses).
enum RRuleCommand: Subcommand {
    static let name = "rrule"
    static let summary = "print a recurrence rule's occurrences (--start, --tz, --count)"
    static let usage = "usage: todofn rrule '<RRULE>' --start <ISO 8601> [--tz Europe/Paris] [--count 10]"

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(arguments, valued: ["--start", "--tz", "--count"])
        guard options.positional.count == 1, let text = options.positional.first, let startText = options.value("--start")
        else { throw UsageError(message: usage) }
        let limit = try count(options.value("--count"))
        guard let start = ICalDateTime(startText) else {
            throw UsageError(message: "--start must be ISO 8601 such as 2026-03-29T09:00 or 2026-03-29T09:00:00+02:00")
        }
        let zone: ZoneInfo
        let rule: RecurrenceRule
        let recurrence: Recurrence
        do {
            zone = try ZoneInfo.named(options.value("--tz") ?? "UTC")
        } catch {
            printError("--tz: unknown time zone '\(options.value("--tz") ?? "")' (an IANA name such as Europe/Paris)")
            return 1
        }
        do {
            rule = try RecurrenceRule(parsing: text)
            let instant = start.instant(in: zone)
            recurrence = try Recurrence(rule: rule, startLocal: instant + Int64(zone.offset(atUTC: instant)), zone: zone)
        } catch {
            printError("bad rule: \(error.message)")
            return 1
        }
        for occurrence in recurrence.occurrences(after: nil, limit: limit) {
            print(ICalDateTime.iso8601(occurrence, in: zone))
        }
        return 0
    }

    private static func count(_ text: String?) throws -> Int {
        guard let text else { return 10 }
        guard let value = Int(text), (1...RecurrenceRule.maximumCount).contains(value) else {
            throw UsageError(message: "--count must be a whole number from 1 to \(RecurrenceRule.maximumCount)")
        }
        return value
    }
}
