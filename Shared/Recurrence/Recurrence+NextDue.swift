package import FoundationEssentials
package import Schedules

extension Recurrence {
    /// The due time of the task that follows one due at `due`, as of `now` (when it is completed, or when asked).
    ///
    /// - Anchored on the schedule (Todoist's `every`): the first occurrence of the series started at `due` that lies
    ///   after both `due` and `now`, so completing an overdue daily task lands in the future and keeps its phase.
    /// - Anchored on completion (`every!`): the rule restarted on `now`'s date in `zone` at `due`'s wall-clock time
    ///   of day, taking its first occurrence after that restart (`every! 3 days` done on the 7th → the 10th).
    ///
    /// `COUNT` counts from `due`; `occurrencesBefore` earlier tasks of the series use up part of it.
    /// - Returns: nil when the series has ended.
    package static func nextDue(
        rule: RecurrenceRule, due: Date, zone: ZoneInfo, fromCompletion: Bool, now: Date, occurrencesBefore: Int = 0
    ) -> Date? {
        var rule = rule
        if let count = rule.count {
            guard count - occurrencesBefore > 1 else { return nil }
            rule.count = count - occurrencesBefore
        }
        guard fromCompletion else {
            guard let series = try? Recurrence(rule: rule, start: due, zone: zone) else { return nil }
            return series.next(after: max(due, now))
        }
        let dueSeconds = CivilTime.floorDiv(due.unixMicros, 1_000_000)
        let dueLocal = dueSeconds + Int64(zone.offset(atUTC: dueSeconds))
        let nowSeconds = CivilTime.floorDiv(now.unixMicros, 1_000_000)
        let nowDay = CivilTime.floorDiv(nowSeconds + Int64(zone.offset(atUTC: nowSeconds)), 86_400)
        let restart = nowDay * 86_400 + (dueLocal - CivilTime.floorDiv(dueLocal, 86_400) * 86_400)
        guard let series = try? Recurrence(rule: rule, startLocal: restart, zone: zone) else { return nil }
        return series.next(after: Date(unixMicros: zone.utc(forLocal: restart) * 1_000_000))
    }
}
