import FoundationEssentials
import FunctionRuntime
import HTTPTypes

/// One reminder as a client sends it: `{"at":"2026-12-08T09:00:00Z"}` (an absolute time) or `{"before":"PT30M"}`
/// (an ISO 8601 duration before the task's due time, so it moves when the due time moves). Exactly one of the two;
/// any other field is a 400.
struct ReminderInput: Decodable, Sendable {
    /// An absolute trigger time.
    var at: Date?
    /// The duration before the due time, in upper case (`PT30M`).
    var before: String?
    /// The length of `before` in seconds.
    var beforeSeconds = 0

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        if let unknown = container.allKeys.first(where: { !["at", "before"].contains($0.stringValue) }) {
            throw HTTPError(
                .badRequest, message: "unknown reminder field '\(unknown.stringValue.prefix(64))'; a reminder has at or before")
        }
        at = try container.decodeIfPresent(Date.self, forKey: FieldKey("at"))
        before = try container.decodeIfPresent(String.self, forKey: FieldKey("before"))?.uppercased()
        guard (at == nil) != (before == nil) else {
            throw HTTPError(
                .badRequest,
                message: "a reminder has exactly one of 'at' (ISO 8601 time) or 'before' (ISO 8601 duration such as PT30M)")
        }
        if let before { beforeSeconds = try ISODuration.seconds(before) }
    }

    /// When it fires for a task due at `dueAt`.
    /// - Throws: `HTTPError` 400 for a relative reminder on a task without a due time.
    func trigger(dueAt: Date?) throws -> Date {
        if let at { return at }
        guard let dueAt else {
            throw HTTPError(
                .badRequest, message: "a reminder 'before' the due time needs a task with a dueAt; use 'at' instead")
        }
        return dueAt.addingTimeInterval(-Double(beforeSeconds))
    }
}

/// ISO 8601 durations of fixed length: `P[nW][nD][T[nH][nM][nS]]`, whole numbers, at most 366 days. Years and
/// months are refused (their length depends on the calendar), as are fractions and negative durations.
enum ISODuration {
    static let maximum = 366 * 86_400

    /// The duration's length in seconds.
    /// - Throws: `HTTPError` 400 naming what is wrong.
    static func seconds(_ text: String) throws -> Int {
        let invalid = HTTPError(
            .badRequest,
            message: "'\(text.prefix(40))' is not an ISO 8601 duration such as PT30M, PT2H, P1D or P1W "
                + "(weeks, days, hours, minutes, seconds; whole numbers)")
        var scalars = Substring(text)
        guard scalars.first == "P", scalars.count > 1, scalars.count <= 40 else { throw invalid }
        scalars.removeFirst()
        var total = 0
        var inTime = false
        var number = ""
        var seen = Set<Character>()
        for character in scalars {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            if character == "T" {
                guard !inTime, number.isEmpty else { throw invalid }
                inTime = true
                continue
            }
            if !inTime, character == "Y" || character == "M" {
                throw HTTPError(
                    .badRequest, message: "durations in years or months are not fixed; give days or weeks (P30D, P4W)")
            }
            let unit: Int
            switch (inTime, character) {
            case (false, "W"): unit = 7 * 86_400
            case (false, "D"): unit = 86_400
            case (true, "H"): unit = 3600
            case (true, "M"): unit = 60
            case (true, "S"): unit = 1
            default: throw invalid
            }
            let key: Character = inTime && character == "M" ? "m" : character
            guard let value = Int(number), number.count <= 9, !seen.contains(key) else { throw invalid }
            seen.insert(key)
            total += value * unit
            number = ""
        }
        let timeUnits: Set<Character> = ["H", "m", "S"]
        guard number.isEmpty, !seen.isEmpty, !inTime || !seen.isDisjoint(with: timeUnits) else { throw invalid }
        guard total <= maximum else {
            throw HTTPError(.badRequest, message: "a reminder can be at most 366 days before the due time")
        }
        return total
    }
}
