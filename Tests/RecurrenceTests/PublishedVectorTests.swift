import FoundationEssentials
import Recurrence
import Schedules
import Testing

/// One published vector: a rule, its start, an optional START-AT and the occurrences it must produce.
struct Vector: CustomTestStringConvertible, Sendable {
    var source: String
    var rule: String
    var start: String
    var startAt: String?
    var instances: [String]

    var testDescription: String { "\(source): \(rule) from \(start)" }

    /// Every vector of a fixture file (`RRULE:` / `DTSTART:` / `START-AT:` / `INSTANCES:` blocks).
    static func load(_ file: String) -> [Vector] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(file)")
        guard let text = try? String(contentsOf: path, encoding: .utf8) else { return [] }
        var vectors: [Vector] = []
        var current = Vector(source: "", rule: "", start: "", instances: [])
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                current.source = String(line.dropFirst(2))
            } else if line.hasPrefix("RRULE:") {
                current.rule = String(line.dropFirst(6))
            } else if line.hasPrefix("DTSTART:") {
                current.start = String(line.dropFirst(8))
            } else if line.hasPrefix("START-AT:") {
                current.startAt = String(line.dropFirst(9))
            } else if line.hasPrefix("INSTANCES:") {
                current.instances = line.dropFirst(10).split(separator: ",").map(String.init)
                vectors.append(current)
                current = Vector(source: current.source, rule: "", start: "", instances: [])
            }
        }
        return vectors
    }
}

@Suite("Published RRULE vectors (libical, python-dateutil)")
struct PublishedVectorTests {
    static let libical = Vector.load("libical-icalrecur.txt")
    static let dateutil = Vector.load("dateutil-rrule.txt")

    @Test("the fixtures hold at least 100 vectors")
    func count() {
        #expect(Self.libical.count >= 70)
        #expect(Self.dateutil.count >= 45)
        #expect(Self.libical.count + Self.dateutil.count >= 100)
    }

    @Test("libical's icalrecur_test.txt vectors", arguments: libical)
    func libicalVector(_ vector: Vector) throws {
        try check(vector)
    }

    @Test("python-dateutil's test_rrule.py vectors", arguments: dateutil)
    func dateutilVector(_ vector: Vector) throws {
        try check(vector)
    }

    /// Expands the rule from its start (floating times read as UTC) and compares the first occurrences; with a
    /// START-AT, only the listed occurrences from that time on, asked for with "occurrences after".
    private func check(_ vector: Vector) throws {
        let rule = try RecurrenceRule(parsing: vector.rule)
        let start = try #require(ICalDateTime(vector.start))
        let recurrence = try Recurrence(rule: rule, startLocal: start.local, zone: .utc)
        var expected = vector.instances
        var after: Date?
        if let startAt = vector.startAt.flatMap(ICalDateTime.init) {
            expected = expected.filter { (ICalDateTime($0)?.local ?? 0) >= startAt.local }
            after = Date(timeIntervalSince1970: Double(startAt.local - 1))
        }
        let occurrences = recurrence.occurrences(after: after, limit: expected.count + 1)
        let actual = occurrences.prefix(rule.count == nil && rule.until == nil ? expected.count : occurrences.count).map {
            let text = ICalDateTime.basic(Int64($0.timeIntervalSince1970))
            return start.dateOnly ? String(text.prefix(8)) : text + (start.offset == nil ? "" : "Z")
        }
        #expect(actual == expected)
    }
}
