import Schedules
import Testing

@Suite struct JobNameTests {
    @Test(
        "names daprd and the Scheduler accept", arguments: ["j1", "My_Job-1", "reminder-0193c0de", "a.b.c", "with space", "x:y"])
    func accepted(name: String) throws {
        try JobName.validate(name)
    }

    @Test("empty names and names with '|' are 400 Name is empty", arguments: ["", "a|b", "|"])
    func empty(name: String) {
        do {
            try JobName.validate(name)
            Issue.record("accepted \(name)")
        } catch {
            #expect(
                error.httpStatus == 400 && error.errorCode == "DAPR_SCHEDULER_JOB_NAME_EMPTY" && error.message == "Name is empty")
        }
    }

    @Test(
        "names that are not DNS subdomains after sanitising are 500",
        arguments: [
            "bad/name", "#x", "a?b", "back\\slash", "nul\u{0}", "new\nline", "___", ".lead", "trail.",
            String(repeating: "a", count: 254),
        ])
    func invalid(name: String) {
        do {
            try JobName.validate(name)
            Issue.record("accepted \(name)")
        } catch {
            #expect(error.httpStatus == 500 && error.errorCode == "DAPR_SCHEDULER_SCHEDULE_JOB")
            #expect(
                error.message.hasPrefix("failed to schedule job due to: rpc error: code = Unknown desc = job name is invalid"))
        }
    }
}
