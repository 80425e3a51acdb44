import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Testing

@testable import DaprSubscriber

@Suite("JobFunction and BindingFunction adapters")
struct JobFunctionTests {
    struct Jobs: RoutedFunction, JobFunction {
        let received = Recorded<DaprJobTrigger>()
        let fails: Bool
        struct Failure: Error {}

        func handle(_ job: DaprJobTrigger, context: FunctionContext) async throws {
            received.append(job)
            if fails { throw Failure() }
        }
    }

    struct Sweep: RoutedFunction, BindingFunction {
        static let bindingName = "outbox-sweep"
        static let routes = Router<Self>().binding()
        let ticks = Recorded<DaprBindingEvent>()
        func handle(_ event: DaprBindingEvent, context: FunctionContext) async throws {
            ticks.append(event)
        }
    }

    struct Reminder: Decodable, Equatable {
        var reminderId: String
        var userId: String
    }

    private func trigger(_ jobs: Jobs, name: String, body: [UInt8]) async throws -> HTTPResponse {
        try await jobs.handle(
            HTTPRequest(
                method: .post, target: "/job/\(name)", headers: ["Content-Type": "application/json"], body: body),
            context: .forTesting())
    }

    @Test("POST /job/{name} hands the raw data to the handler and answers 200")
    func trigger() async throws {
        let jobs = Jobs(fails: false)
        let response = try await trigger(jobs, name: "reminder-0f8e", body: try Fixture.bytes("job-trigger.json"))
        #expect(response.status == .ok)
        let job = try #require(jobs.received.all.first)
        #expect(job.name == "reminder-0f8e")
        #expect(
            try job.decode(as: Reminder.self)
                == Reminder(reminderId: "0f8e1c2d-3b4a-4d5e-8f6a-7b8c9d0e1f2a", userId: "alice"))
    }

    @Test(
        "unwraps the Any shapes some daprd versions send",
        arguments: ["job-trigger-any-1.14.json", "job-trigger-any-json.json"])
    func unwrapsAny(fixture: String) async throws {
        let jobs = Jobs(fails: false)
        _ = try await trigger(jobs, name: "j", body: try Fixture.bytes(fixture))
        #expect(try jobs.received.all.first?.decode(as: [String: String].self) == ["droid": "R2"])
    }

    @Test("a job without data (daprd 1.18.3+) arrives with an empty body")
    func noData() async throws {
        let jobs = Jobs(fails: false)
        _ = try await trigger(jobs, name: "j", body: [])
        #expect(jobs.received.all.first?.data == [])
    }

    @Test("a failing handler throws, so the runtime answers 500 and the scheduler retries")
    func failure() async throws {
        await #expect(throws: Jobs.Failure.self) {
            _ = try await trigger(Jobs(fails: true), name: "j", body: Array("1".utf8))
        }
    }

    @Test("answers daprd's OPTIONS probe with 200 and passes cron ticks to the handler")
    func binding() async throws {
        let sweep = Sweep()
        let probe = try await sweep.handle(
            HTTPRequest(method: .options, target: "/outbox-sweep"), context: .forTesting())
        #expect(probe.status == .ok)
        let tick = try await sweep.handle(
            HTTPRequest(method: .post, target: "/outbox-sweep", headers: ["Timezone": "UTC"]), context: .forTesting())
        #expect(tick.status == .ok)
        #expect(sweep.ticks.all.first?.headers["Timezone"] == "UTC")
    }
}

@Suite("Job adapter through the function runtime")
struct JobAdapterRuntimeTests {
    @Test("with APP_API_TOKEN set, a trigger needs daprd's dapr-api-token; a failing handler is a 500")
    func appTokenAndFailure() async throws {
        var configuration = Configuration()
        configuration.appAPIToken = "app-secret"
        let ok = FunctionTestClient(JobFunctionTests.Jobs(fails: false), configuration: configuration)
        #expect(try await ok.execute(.post, "/job/reminder-1", body: Array("{}".utf8)).status == .unauthorized)
        let triggered = try await ok.execute(
            .post, "/job/reminder-1", headers: ["dapr-api-token": "app-secret"], body: Array("{}".utf8))
        #expect(triggered.status == .ok)
        let failing = FunctionTestClient(JobFunctionTests.Jobs(fails: true), configuration: configuration)
        let failed = try await failing.execute(
            .post, "/job/reminder-1", headers: ["dapr-api-token": "app-secret"], body: Array("{}".utf8))
        #expect(failed.status == .internalServerError)
    }
}
