package import FoundationEssentials

/// A recurring schedule in Dapr's cron grammar: `sec min hour dom month dow` (ranges, lists, steps, `?`, JAN–DEC,
/// SUN–SAT), `@every <Go duration>`, `@yearly|@annually|@monthly|@weekly|@daily|@midnight|@hourly`, with an optional
/// `CRON_TZ=<zone> `/`TZ=<zone> ` prefix naming any IANA zone (read by ``ZoneInfo``, DST included). Parsing follows `dapr/kit/cron` and its error texts.
///
/// ```swift
/// let schedule = try CronSchedule("0 30 9 * * MON-FRI")
/// let next = schedule.next(after: .now)
/// ```
package struct CronSchedule: Hashable, Sendable {
    /// Which field layout the expression must use.
    package struct Syntax: Hashable, Sendable {
        fileprivate let secondsOptional: Bool
        fileprivate let zoneWithEvery: Bool

        /// Dapr Jobs (1.15+): exactly six fields with seconds; a zone prefix is refused on `@every` (1.18.3+).
        package static let jobs = Syntax(secondsOptional: false, zoneWithEvery: false)
        /// `bindings.cron`: five fields (`min hour dom month dow`) or six with leading seconds.
        package static let cronBinding = Syntax(secondsOptional: true, zoneWithEvery: true)
    }

    private enum Kind: Hashable, Sendable {
        case spec(CronSpec)
        case every(micros: Int64)
    }

    private let kind: Kind
    /// The zone the fields are read in (UTC unless the expression has a prefix).
    package let zone: ZoneInfo
    /// The expression as written.
    package let expression: String

    /// Parses an expression.
    /// - Parameters:
    ///   - expression: The schedule text.
    ///   - syntax: `.jobs` (default) or `.cronBinding`.
    /// - Throws: `ScheduleError` (`.invalidCron`, or `.unsupportedTimeZone`) with kit/cron's message.
    package init(_ expression: String, syntax: Syntax = .jobs) throws(ScheduleError) {
        self.expression = expression
        var spec = Substring(expression)
        guard !spec.isEmpty else { throw ScheduleError(.invalidCron, "empty spec string") }
        var zone = ZoneInfo.utc
        if spec.hasPrefix("TZ=") || spec.hasPrefix("CRON_TZ=") {
            guard let space = spec.firstIndex(where: \.isWhitespace), let equals = spec.firstIndex(of: "=") else {
                throw ScheduleError(.invalidCron, "timezone prefix \(expression) is not followed by a schedule")
            }
            zone = try ZoneInfo.named(String(spec[spec.index(after: equals)..<space]))
            spec = spec[space...].drop { $0.isWhitespace }
            while spec.last?.isWhitespace == true { spec = spec.dropLast() }
            if !syntax.zoneWithEvery, spec.hasPrefix("@every") {
                throw ScheduleError(.invalidCron, "timezone prefix is not supported with @every: \(expression)")
            }
        }
        self.zone = zone
        if spec.hasPrefix("@") {
            kind = try Self.descriptor(String(spec))
            return
        }
        var fields = spec.split(whereSeparator: \.isWhitespace).map(String.init)
        let list = "[" + fields.joined(separator: " ") + "]"
        if syntax.secondsOptional {
            guard (5...6).contains(fields.count) else {
                throw ScheduleError(.invalidCron, "expected 5 to 6 fields, found \(fields.count): \(list)")
            }
            if fields.count == 5 { fields.insert("0", at: 0) }
        } else if fields.count != 6 {
            throw ScheduleError(.invalidCron, "expected exactly 6 fields, found \(fields.count): \(list)")
        }
        kind = .spec(
            CronSpec(
                second: try CronField.bits(fields[0], .second), minute: try CronField.bits(fields[1], .minute),
                hour: try CronField.bits(fields[2], .hour), dom: try CronField.bits(fields[3], .dom),
                month: try CronField.bits(fields[4], .month), dow: try CronField.bits(fields[5], .dow)))
    }

    /// The next activation strictly after `date`, or nil if none within five years (`0 0 0 30 2 *`).
    ///
    /// Cron fields fire on whole seconds; `@every d` fires `d` (whole milliseconds, at least 1 ms) after `date`,
    /// aligned to the millisecond, as kit/cron's `ConstantDelaySchedule` does.
    package func next(after date: Date) -> Date? {
        let micros = date.unixMicros
        switch kind {
        case .every(let delay):
            let (next, overflow) = (micros - micros % 1_000).addingReportingOverflow(delay)
            return overflow ? nil : Date(unixMicros: next)
        case .spec(let spec):
            // Fields match wall-clock time in the zone; a matching local time resolves to an instant by ZoneInfo's
            // RFC 5545 rule (a skipped time fires moved forward by the gap, a repeated one fires once, the first time).
            let seconds = CivilTime.floorDiv(micros, 1_000_000)
            var local = seconds + Int64(zone.offset(atUTC: seconds))
            for _ in 0..<4 {
                guard let next = spec.next(after: local) else { return nil }
                let instant = zone.utc(forLocal: next)
                if instant > seconds {
                    let (micros, overflow) = instant.multipliedReportingOverflow(by: 1_000_000)
                    return overflow ? nil : Date(unixMicros: micros)
                }
                local = next  // a repeated hour's second pass: its times resolved to before `date`
            }
            return nil
        }
    }

    /// The delay of an `@every` schedule in microseconds, nil for a cron expression.
    var constantDelay: Int64? {
        if case .every(let micros) = kind { return micros }
        return nil
    }

    private static func descriptor(_ text: String) throws(ScheduleError) -> Kind {
        let day = CronSpec.Bounds.self
        func spec(
            hour: UInt64 = 1, dom: UInt64 = 1 << 1, month: UInt64 = CronSpec.all(day.month), dow: UInt64 = CronSpec.all(day.dow)
        ) -> Kind {
            .spec(CronSpec(second: 1, minute: 1, hour: hour, dom: dom, month: month, dow: dow))
        }
        switch text {
        case "@yearly", "@annually": return spec(month: 1 << 1)
        case "@monthly": return spec()
        case "@weekly": return spec(dom: CronSpec.all(day.dom), dow: 1)
        case "@daily", "@midnight": return spec(dom: CronSpec.all(day.dom))
        case "@hourly": return spec(hour: CronSpec.all(day.hour), dom: CronSpec.all(day.dom))
        default: break
        }
        guard text.hasPrefix("@every ") else { throw ScheduleError(.invalidCron, "unrecognized descriptor: \(text)") }
        let nanos: Int64
        do {
            nanos = try GoDuration.nanoseconds(String(text.dropFirst("@every ".count)))
        } catch {
            throw ScheduleError(.invalidCron, "failed to parse duration \(text): \(error.reason)")
        }
        let millis = max(nanos, 1_000_000) / 1_000_000
        return .every(micros: millis * 1_000)
    }
}
