import EmbeddedSupervisor
import Glibc
import Testing

/// `todofn rrule` as people run it: the built executable, its output and exit status.
@Suite("todofn rrule")
struct RRuleCommandTests {
    /// Runs `todofn rrule <arguments>`; returns the exit status and what it printed (stdout and stderr).
    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        let directory = Files.temporaryDirectory()
        defer { Files.remove(directory) }
        let output = directory + "/output"
        let pid = try Processes.spawn(
            FunctionDefinition.executableDirectory + "/todofn", ["rrule"] + arguments, environment: [:], output: output)
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while waitpid(pid, &status, WNOHANG) == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        return ((status >> 8) & 0xff, Files.text(output))
    }

    @Test("prints occurrences in ISO 8601 with their offsets, across DST")
    func prints() async throws {
        let (status, output) = try await Self.run([
            "FREQ=MONTHLY;BYDAY=-1SU", "--start", "2026-01-25T02:30", "--tz", "Europe/Paris", "--count", "4",
        ])
        #expect(status == 0)
        #expect(
            output.split(separator: "\n") == [
                "2026-01-25T02:30:00+01:00", "2026-02-22T02:30:00+01:00", "2026-03-29T03:30:00+02:00",
                "2026-04-26T02:30:00+02:00",
            ])
    }

    @Test(
        "a bad rule, zone or start exits non-zero with the reason",
        arguments: [
            (["FREQ=SECONDLY", "--start", "2026-01-01T09:00"], "FREQ=SECONDLY is not supported"),
            (["FREQ=DAILY;COUNT=1000000000", "--start", "2026-01-01T09:00"], "COUNT must be"),
            (["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "--start", "2026-01-01T09:00"], "produces no occurrence"),
            (["FREQ=DAILY", "--start", "2026-01-01T09:00", "--tz", "../../etc/passwd"], "unknown time zone"),
            (["FREQ=DAILY", "--start", "yesterday"], "--start must be ISO 8601"),
        ])
    func refuses(arguments: [String], message: String) async throws {
        let (status, output) = try await Self.run(arguments)
        #expect(status != 0)
        #expect(output.contains(message), "\(output)")
    }
}
