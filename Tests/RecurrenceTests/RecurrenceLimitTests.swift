import FoundationEssentials
import Recurrence
import Schedules
import Testing

@Suite("RecurrenceRule: parsing, canonical text and limits")
struct RecurrenceLimitTests {
    static let refused: [(String, String)] = [
        ("FREQ=SECONDLY", "FREQ=SECONDLY is not supported"),
        ("FREQ=MINUTELY;INTERVAL=5", "FREQ=MINUTELY is not supported"),
        ("FREQ=HOURLY", "FREQ=HOURLY is not supported"),
        ("FREQ=DAILY;COUNT=1000000000", "COUNT must be a whole number from 1 to 10000"),
        ("FREQ=DAILY;COUNT=10001", "COUNT must be"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be"),
        ("FREQ=DAILY;COUNT=-1", "COUNT must be"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20261231T000000Z", "COUNT and UNTIL cannot both be given"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported"),
        ("FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO is not supported"),
        ("FREQ=WEEKLY;BYDAY=2MO", "need FREQ=MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "ordinal '6' must be ±1…5"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY values must be ±1…31"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY values must be"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH values must be 1…12"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY cannot be used with FREQ=WEEKLY"),
        ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS needs another BYxxx part"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
        ("INTERVAL=2", "FREQ is missing"),
        ("FREQ=DAILY;UNTIL=tomorrow", "UNTIL must be a date"),
        ("FREQ=DAILY;WKST=XX", "WKST must be"),
        ("FREQ=MONTHLY;BYMONTHDAY=" + (1...65).map { _ in "1" }.joined(separator: ","), "more than 64 values"),
        ("FREQ=DAILY;" + String(repeating: "X", count: 100_000), "longer than 512 characters"),
    ]

    @Test("bad rules are refused with a message naming the problem", arguments: refused)
    func refusedRule(text: String, message: String) {
        #expect {
            try RecurrenceRule(parsing: text)
        } throws: { error in
            (error as? RecurrenceError)?.message.contains(message) == true
        }
    }

    @Test(
        "a rule that can never match is refused quickly instead of looping",
        arguments: [
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30,31",
            "FREQ=WEEKLY;BYMONTH=2;BYDAY=MO;BYSETPOS=5", "FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2;BYMONTHDAY=1",
            "FREQ=DAILY;UNTIL=20200101T000000Z",
        ])
    func neverMatches(text: String) throws {
        let rule = try RecurrenceRule(parsing: text)
        #expect(throws: RecurrenceError.self) {
            try Recurrence(rule: rule, start: Date(timeIntervalSince1970: 1_780_315_200), zone: .utc)
        }
    }

    @Test("a rare but real rule is found across the centuries (Feb 29 on a Monday, every 3 years)")
    func rare() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=YEARLY;INTERVAL=3;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO")
        let series = try Recurrence(rule: rule, start: Date(timeIntervalSince1970: 1_767_225_600), zone: .utc)  // 2026-01-01
        let dates = series.occurrences(after: nil, limit: 2).map { ICalDateTime.iso8601($0, in: .utc) }
        #expect(dates == ["2044-02-29T00:00:00Z", "2140-02-29T00:00:00Z"])  // as python-dateutil gives
    }

    @Test(
        "canonical text round-trips and orders the parts",
        arguments: [
            ("rrule:freq=weekly;byday=mo,we;interval=2", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE"),
            ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=12", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12"),
            (
                "FREQ=YEARLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR;BYMONTH=12",
                "FREQ=YEARLY;BYMONTH=12;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
            ),
            ("FREQ=DAILY;UNTIL=20261231T235959Z;WKST=SU", "FREQ=DAILY;WKST=SU;UNTIL=20261231T235959Z"),
            ("FREQ=MONTHLY;BYMONTHDAY=1,-1;UNTIL=20270101", "FREQ=MONTHLY;BYMONTHDAY=1,-1;UNTIL=20270101"),
        ])
    func canonical(input: String, text: String) throws {
        let rule = try RecurrenceRule(parsing: input)
        #expect(rule.text == text)
        #expect(try RecurrenceRule(parsing: rule.text) == rule)
    }

    @Test("the simple forms are sugar over RRULE")
    func simpleForms() throws {
        #expect(try RecurrenceRule.simple(frequency: "daily").text == "FREQ=DAILY")
        #expect(try RecurrenceRule.simple(frequency: "weekly", interval: 2, endAfter: 5).text == "FREQ=WEEKLY;INTERVAL=2;COUNT=5")
        let end = Date(timeIntervalSince1970: 1_798_761_599)  // 2026-12-31T23:59:59Z
        #expect(try RecurrenceRule.simple(frequency: "monthly", endBy: end).text == "FREQ=MONTHLY;UNTIL=20261231T235959Z")
        #expect(throws: RecurrenceError.self) { try RecurrenceRule.simple(frequency: "hourly") }
        #expect(throws: RecurrenceError.self) { try RecurrenceRule.simple(frequency: "daily", endAfter: 1_000_000_000) }
        #expect(throws: RecurrenceError.self) { try RecurrenceRule.simple(frequency: "daily", endAfter: 2, endBy: end) }
    }
}
