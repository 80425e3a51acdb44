import Testing

@testable import task_crud

@Suite("ISO 8601 durations of reminders")
struct ISODurationTests {
    @Test(
        "fixed-length durations give their seconds",
        arguments: [
            ("PT30M", 1800), ("PT0S", 0), ("PT2H", 7200), ("P1D", 86_400), ("P1W", 604_800), ("P1DT2H3M4S", 93_784),
            ("P2W3D", 1_468_800), ("PT90M", 5400), ("P366D", 31_622_400),
        ])
    func valid(text: String, seconds: Int) throws {
        #expect(try ISODuration.seconds(text) == seconds)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", "P", "PT", "30M", "PT30", "P1M", "P1Y", "PT1.5H", "PT1,5H", "-PT5M", "P1H", "PT1D", "PT1M1M", "P1DT",
            "P367D", "PT9999999999S", "P1DT2H3M4S5", "pt30m", " PT30M",
        ])
    func invalid(text: String) {
        #expect(throws: (any Error).self) { try ISODuration.seconds(text) }
    }
}
