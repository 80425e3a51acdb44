import FoundationEssentials
import JSON
import Testing

@Suite struct RFC3339Tests {
    @Test(
        "parses Z, offsets, fractions and lower-case separators",
        arguments: [
            ("2018-04-05T17:31:00Z", 1_522_949_460.0), ("2018-04-05T19:31:00+02:00", 1_522_949_460.0),
            ("2018-04-05t17:31:00.5z", 1_522_949_460.5), ("1969-12-31T23:59:59Z", -1.0),
            ("2024-02-29T00:00:00-00:30", 1_709_166_600.0),
        ])
    func parses(text: String, seconds: Double) throws {
        #expect(try #require(RFC3339.parse(text)).timeIntervalSince1970 == seconds)
    }

    @Test(
        "rejects what is not RFC 3339",
        arguments: [
            "yesterday", "2018-04-05", "2018-04-05 17:31:00Z", "2018-13-05T17:31:00Z", "2023-02-29T00:00:00Z",
            "2018-04-05T24:00:00Z", "2018-04-05T17:31:00", "2018-04-05T17:31:00.Z", "2018-04-05T17:31:00+0200",
            "2018-04-05T17:31:00Z ",
        ])
    func rejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test("formats UTC with milliseconds and parses back")
    func formats() throws {
        let date = Date(timeIntervalSince1970: 1_764_133_200.125)
        #expect(RFC3339.format(date) == "2025-11-26T05:00:00.125Z")
        #expect(RFC3339.format(date, milliseconds: false) == "2025-11-26T05:00:00Z")
        #expect(RFC3339.parse(RFC3339.format(date)) == date)
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }
}
