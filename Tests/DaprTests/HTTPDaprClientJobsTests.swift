import FoundationEssentials
import HTTPTypes
import Testing

@testable import Dapr

@Suite("HTTPDaprClient jobs against a loopback daprd")
struct HTTPDaprClientJobsTests {
    @Test("schedules at /v1.0-alpha1/jobs/{name}, always with data and never with the name in the body")
    func schedule() async throws {
        try await Daprd.with { daprd, dapr in
            try await dapr.scheduleJob(try DaprJob(name: "reminder-1", dueTime: "2026-12-01T10:00:00Z"))
            let request = try #require(daprd.requests.first)
            #expect(request.method == .post)
            #expect(request.path == "/v1.0-alpha1/jobs/reminder-1")
            #expect(request.body == Array(#"{"dueTime":"2026-12-01T10:00:00Z","data":{}}"#.utf8))
        }
    }

    @Test("a second schedule without overwrite is 409 .jobAlreadyExists; with overwrite it replaces the job")
    func overwrite() async throws {
        try await Daprd.with { _, dapr in
            try await dapr.scheduleJob(try DaprJob(name: "j1", schedule: "@every 1m", data: Array("1".utf8)))
            let error = await #expect(throws: DaprError.self) {
                try await dapr.scheduleJob(try DaprJob(name: "j1", schedule: "@every 1m"))
            }
            #expect(error?.code == .jobAlreadyExists)
            #expect(error?.httpStatus == 409)
            try await dapr.scheduleJob(
                try DaprJob(name: "j1", schedule: "@daily", data: Array(#"{"droid":"R2-D2"}"#.utf8), overwrite: true))
            let job = try #require(try await dapr.getJob(name: "j1"))
            #expect(job.schedule == "@daily")
            #expect(job.data == Array(#"{"droid":"R2-D2"}"#.utf8))
        }
    }

    @Test("GET unwraps data from its protobuf Any wrapper")
    func getUnwrapsAny() async throws {
        try await Daprd.with { _, dapr in
            try await dapr.scheduleJob(try DaprJob(name: "j2", dueTime: "30s", data: Array(#""someData""#.utf8)))
            let job = try #require(try await dapr.getJob(name: "j2"))
            #expect(job.name == "j2")
            #expect(job.dueTime == "30s")
            #expect(job.data == Array(#""someData""#.utf8))
        }
    }

    @Test("a missing job is daprd's 500 DAPR_SCHEDULER_GET_JOB NotFound and reads as nil; DELETE is 204")
    func missingJob() async throws {
        try await Daprd.with { daprd, dapr in
            #expect(try await dapr.getJob(name: "nope") == nil)
            try await dapr.deleteJob(name: "nope")
            #expect(daprd.requests.map(\.method) == [.get, .delete])
        }
    }

    @Test("another GET failure is thrown, not read as a missing job")
    func otherGetFailure() async throws {
        try await Daprd.with { daprd, dapr in
            daprd.inject(
                FakeDaprd.error(500, "DAPR_SCHEDULER_GET_JOB", "failed to get job due to: scheduler unavailable"),
                forPathPrefix: "/v1.0-alpha1/jobs/")
            let error = await #expect(throws: DaprError.self) { try await dapr.getJob(name: "j") }
            #expect(error?.code == .operationFailed)
        }
    }

    @Test(
        "job names the Scheduler would refuse are rejected before sending",
        arguments: ["bad/name", "a|b", "", " ", ".x", "a#b"])
    func invalidNames(name: String) async throws {
        try await Daprd.with { daprd, dapr in
            let error = await #expect(throws: DaprError.self) { try await dapr.deleteJob(name: name) }
            #expect(error?.code == .invalidArgument)
            #expect(daprd.requests.isEmpty)
        }
    }

    @Test("daprd 1.13 and older answer the jobs route with the invoke fallback: .routeNotFound")
    func oldDaprd() async throws {
        try await Daprd.with { daprd, dapr in
            daprd.inject(
                FakeDaprd.error(404, "ERR_DIRECT_INVOKE", "failed getting app id"), forPathPrefix: "/v1.0-alpha1/")
            let error = await #expect(throws: DaprError.self) {
                try await dapr.scheduleJob(try DaprJob(name: "j", dueTime: "1s"))
            }
            #expect(error?.code == .routeNotFound)
        }
    }
}

@Suite("DaprJob")
struct DaprJobTests {
    @Test("accepts the names the Scheduler accepts", arguments: ["My_Job-1", "reminder-0f8e", "a.b", "x:y z"])
    func validNames(name: String) throws {
        try DaprJob.validateName(name)
    }

    @Test("needs a schedule or a dueTime")
    func needsWhen() {
        #expect(throws: DaprError.self) { try DaprJob(name: "j") }
    }

    @Test("encodes every field, with protobuf Duration intervals in seconds")
    func encodesBody() throws {
        let job = try DaprJob(
            name: "j", schedule: "0 30 * * * *", dueTime: "10s", repeats: 5, ttl: "1h", data: Array("123".utf8),
            overwrite: true, failurePolicy: .constant(interval: .seconds(2), maxRetries: 3))
        let expected =
            #"{"schedule":"0 30 * * * *","dueTime":"10s","repeats":5,"ttl":"1h","data":123,"overwrite":true,"#
            + #""failurePolicy":{"constant":{"interval":"2s","maxRetries":3}}}"#
        #expect(String(decoding: job.requestBody(), as: UTF8.self) == expected)
        let drop = try DaprJob(name: "j", dueTime: "0s", failurePolicy: .drop)
        #expect(
            String(decoding: drop.requestBody(), as: UTF8.self)
                == #"{"dueTime":"0s","data":{},"failurePolicy":{"drop":{}}}"#)
        let fractional = DaprJob.FailurePolicy.constant(interval: .milliseconds(200), maxRetries: nil)
        let body = try DaprJob(name: "j", dueTime: "0s", failurePolicy: fractional).requestBody()
        #expect(String(decoding: body, as: UTF8.self).contains(#""interval":"0.2s""#))
    }

    @Test("formats timestamps in RFC 3339 UTC and durations in Go form")
    func formats() {
        #expect(DaprJob.timestamp(Date(timeIntervalSince1970: 1_800_000_000)) == "2027-01-15T08:00:00Z")
        #expect(DaprJob.duration(.seconds(90)) == "90s")
        #expect(DaprJob.duration(.milliseconds(250)) == "250ms")
    }
}
