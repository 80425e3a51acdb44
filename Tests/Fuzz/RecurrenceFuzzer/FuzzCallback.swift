import FoundationEssentials
import Recurrence
import Schedules

/// One libFuzzer input: the first byte picks a zone (bits 0–1) and a start (bits 2–4), the rest is RRULE text.
/// Beyond "no crash":
/// - parse → text → parse gives the same rule, and the text is a fixed point (render is idempotent);
/// - a rule that anchors gives occurrences that ascend strictly, respect COUNT and an instant UNTIL, and agree with
///   `next(after:)` and `occurrences(after:)` from each of them (the next of the last is nil when the rule ended).
let fuzzRecurrence: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    guard let data, size > 0 else { return 0 }
    let zone = zones[Int(data[0] & 3) % zones.count]
    let start = starts[Int(data[0] >> 2 & 7)]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    guard let rule = try? RecurrenceRule(parsing: text) else { return 0 }
    let rendered = rule.text
    guard let again = try? RecurrenceRule(parsing: rendered) else { preconditionFailure("rendered rule refused: \(rendered)") }
    precondition(again == rule, "parse → text → parse changed the rule: \(rendered)")
    precondition(again.text == rendered, "text is not a fixed point: \(rendered)")
    guard let recurrence = try? Recurrence(rule: rule, start: start, zone: zone) else { return 0 }
    checkOccurrences(recurrence)
    return 0
}

private func checkOccurrences(_ recurrence: Recurrence) {
    let limit = 6
    let occurrences = recurrence.occurrences(after: nil, limit: limit)
    precondition(!occurrences.isEmpty, "an anchored rule has no occurrence")
    for (earlier, later) in zip(occurrences, occurrences.dropFirst()) { precondition(earlier < later, "not ascending") }
    if let count = recurrence.rule.count { precondition(occurrences.count <= count, "more than COUNT") }
    if case .instant(let until)? = recurrence.rule.until {
        precondition(occurrences.allSatisfy { $0.timeIntervalSince1970 <= Double(until) }, "after UNTIL")
    }
    for (index, occurrence) in occurrences.enumerated() {
        let following = index + 1 < occurrences.count ? occurrences[index + 1] : nil
        let next = recurrence.next(after: occurrence)
        if let following {
            precondition(next == following, "next(after:) skips or repeats an occurrence")
        } else if occurrences.count < limit {
            precondition(next == nil, "next(after:) past the rule's end")
        }
        let rest = recurrence.occurrences(after: occurrence, limit: limit - 1 - index)
        precondition(rest == Array(occurrences[(index + 1)...]), "occurrences(after:) disagrees")
    }
}

/// UTC and three zones with daylight saving (one with a 30-minute shift).
private let zones: [ZoneInfo] =
    [ZoneInfo.utc] + ["Europe/Paris", "America/New_York", "Australia/Lord_Howe"].compactMap { try? ZoneInfo.named($0) }

/// Starts on awkward days: a leap day, the last second of a day, the day before a DST change, New Year, far past and future.
private let starts: [Date] = [
    1_769_936_400,  // 2026-02-01T09:00:00Z
    1_774_738_800,  // 2026-03-28T23:00:00Z, the night of the spring change in Europe
    1_709_208_000,  // 2024-02-29T12:00:00Z
    1_769_817_599,  // 2026-01-30T23:59:59Z, a second before midnight near a month's end
    1_798_761_600,  // 2027-01-01T00:00:00Z
    1_793_482_200,  // 2026-10-31T21:30:00Z, the night before the autumn change in New York
    0,  // 1970-01-01T00:00:00Z
    4_102_444_800,  // 2100-01-01T00:00:00Z
].map { Date(timeIntervalSince1970: Double($0)) }

/// libFuzzer's own `main` (linked in, though SwiftPM's runs) references this symbol, so it must exist.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzRecurrence(data, size) }
