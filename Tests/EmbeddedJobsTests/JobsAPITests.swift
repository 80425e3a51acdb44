import EmbeddedJobs
import HTTPTypes
import Testing

/// The compatibility cases of the reference's §4.6, through `JobsEngine.handle` with a recording app channel.
@Suite struct JobsAPITests {
    @Test("case 1: an object in data is delivered as JSON to POST /job/<name>")
    func objectData() async throws {
        let app = RecordingApp()
        try await withEngine(app: app) { engine, _ in
            let response = try #require(
                await engine.handle(JobsTestSupport.post("j1", #"{"dueTime":"0s","data":{"a":1}}"#), appID: "app"))
            #expect(response.status.code == 204 && response.body.isEmpty)
            #expect(await JobsTestSupport.eventually { app.count == 1 })
            let delivery = try #require(app.deliveries.first)
            #expect(delivery.appID == "app")
            #expect(delivery.request.method == .post && delivery.request.target == "/job/j1")
            #expect(delivery.request.headers["Content-Type"] == "application/json")
            #expect(String(decoding: delivery.request.body, as: UTF8.self) == #"{"a":1}"#)
        }
    }

    @Test(
        "case 2: strings, numbers and other values are delivered as their JSON",
        arguments: [
            (#""someData""#, #""someData""#), ("123", "123"), ("1.5", "1.5"), ("true", "true"), ("null", "null"),
            (#"[1,"x",{"b":2,"a":1}]"#, #"[1,"x",{"a":1,"b":2}]"#), (#"{"z": "é\n", "a": [ ] }"#, #"{"a":[],"z":"é\n"}"#),
        ])
    func scalarData(data: String, delivered: String) async throws {
        let app = RecordingApp()
        try await withEngine(app: app) { engine, _ in
            let response = try #require(
                await engine.handle(JobsTestSupport.post("j2", #"{"dueTime":"0s","data":\#(data)}"#), appID: "app"))
            #expect(response.status.code == 204)
            #expect(await JobsTestSupport.eventually { app.count == 1 })
            #expect(app.deliveries.first.map { String(decoding: $0.request.body, as: UTF8.self) } == delivered)
        }
    }

    @Test(
        "cases 3 and 4: daprd's own checks answer 400 with its errorCode",
        arguments: [
            ("{}", "DAPR_SCHEDULER_SCHEDULE_EMPTY", "Schedule is empty"),
            (#"{"name":"x","schedule":"@daily"}"#, "DAPR_SCHEDULER_JOB_NAME", "Set the job name in the url only"),
            (#"{"schedule":"@daily","repeats":-1}"#, "ERR_MALFORMED_REQUEST", nil),
            (#"{"schedule":"@daily""#, "ERR_MALFORMED_REQUEST", nil),
            (#"{"schedule":5}"#, "ERR_MALFORMED_REQUEST", nil),
            (#"{"schedule":"@daily","overwrite":"yes"}"#, "ERR_MALFORMED_REQUEST", nil),
            (#"{"schedule":"@daily","failure_policy":{"constant":{"interval":"2m"}}}"#, "ERR_MALFORMED_REQUEST", nil),
            ("[]", "ERR_MALFORMED_REQUEST", nil),
        ] as [(String, String, String?)])
    func badRequests(body: String, errorCode: String, message: String?) async throws {
        try await withEngine(app: RecordingApp()) { engine, _ in
            let response = try #require(await engine.handle(JobsTestSupport.post("j3", body), appID: "app"))
            #expect(response.status.code == 400)
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(response.text.hasPrefix(#"{"errorCode":"\#(errorCode)","message":"#))
            if let message { #expect(response.text == #"{"errorCode":"\#(errorCode)","message":"\#(message)"}"#) }
            #expect(engine.jobCount == 0)
        }
    }

    @Test(
        "cases 5, 12 and 13: the Scheduler's validation answers 500, valid forms 204",
        arguments: [
            ("j5", #"{"schedule":"0 30 * * *"}"#, 500), ("j5", #"{"schedule":"0 30 * * * *"}"#, 204),
            ("j5", #"{"schedule":"@every 1m","failure_policy":{"constant":{"interval":"120s"}}}"#, 204),
            ("j5", #"{"dueTime":"soon"}"#, 500), ("j5", #"{"dueTime":"1h","repeats":2}"#, 500),
            ("j5", #"{"schedule":"@every x"}"#, 500), ("bad%2Fname", #"{"schedule":"@daily"}"#, 500),
            ("My_Job-1", #"{"schedule":"@daily"}"#, 204), ("a%7Cb", #"{"schedule":"@daily"}"#, 400),
        ])
    func schedulerValidation(name: String, body: String, status: Int) async throws {
        try await withEngine(app: RecordingApp()) { engine, _ in
            let response = try #require(await engine.handle(JobsTestSupport.post(name, body), appID: "app"))
            #expect(response.status.code == status)
            if status == 500 {
                #expect(
                    response.text.hasPrefix(
                        #"{"errorCode":"DAPR_SCHEDULER_SCHEDULE_JOB","message":"failed to schedule job due to: "#))
            }
        }
    }

    @Test("case 6: a second schedule without overwrite is 409; with overwrite it replaces the job")
    func overwrite() async throws {
        try await withEngine(app: RecordingApp()) { engine, _ in
            let first = await engine.handle(JobsTestSupport.post("j6", #"{"schedule":"@daily","data":1}"#), appID: "app")
            #expect(first?.status.code == 204)
            let second = try #require(
                await engine.handle(JobsTestSupport.post("j6", #"{"schedule":"@hourly","data":2}"#), appID: "app"))
            #expect(second.status.code == 409)
            #expect(second.text.hasPrefix(#"{"errorCode":"DAPR_SCHEDULER_SCHEDULE_JOB","message":"#))
            let other = await engine.handle(JobsTestSupport.post("j6", #"{"schedule":"@hourly"}"#), appID: "other-app")
            #expect(other?.status.code == 204)
            let third = await engine.handle(
                JobsTestSupport.post("j6", #"{"schedule":"@hourly","data":2,"overwrite":true}"#), appID: "app")
            #expect(third?.status.code == 204)
            let get = await engine.handle(HTTPRequest(method: .get, target: "/v1.0-alpha1/jobs/j6"), appID: "app")
            #expect(get?.text.contains(#""schedule":"@hourly""#) == true)
            #expect(get?.text.contains(#""value":2}"#) == true)
        }
    }

    @Test("case 7: GET of a missing job is 500 DAPR_SCHEDULER_GET_JOB, DELETE of one is 204")
    func missing() async throws {
        try await withEngine(app: RecordingApp()) { engine, _ in
            let get = try #require(await engine.handle(HTTPRequest(method: .get, target: "/v1.0-alpha1/jobs/nope"), appID: "app"))
            #expect(get.status.code == 500)
            #expect(get.text.hasPrefix(#"{"errorCode":"DAPR_SCHEDULER_GET_JOB","message":"failed to get job due to: "#))
            let delete = await engine.handle(HTTPRequest(method: .delete, target: "/v1.0-alpha1/jobs/nope"), appID: "app")
            #expect(delete?.status.code == 204)
        }
    }

    @Test("case 8: GET shows the fields in proto order with data wrapped in google.protobuf.Value")
    func getShape() async throws {
        try await withEngine(app: RecordingApp()) { engine, _ in
            let body = #"{"schedule":"@every 1m","dueTime":"30s","repeats":5,"ttl":"1h","data":{"droid":"R2-D2"},"extra":1}"#
            #expect(await engine.handle(JobsTestSupport.post("myjob", body), appID: "app")?.status.code == 204)
            let get = try #require(
                await engine.handle(HTTPRequest(method: .get, target: "/v1.0-alpha1/jobs/myjob"), appID: "app"))
            #expect(get.status.code == 200 && get.headers["Content-Type"] == "application/json")
            #expect(
                get.text
                    == #"{"name":"myjob","schedule":"@every 1m","repeats":5,"dueTime":"30s","ttl":"1h","data":{"@type":"type.googleapis.com/google.protobuf.Value","value":{"droid":"R2-D2"}},"failurePolicy":{"constant":{"interval":"1s","maxRetries":3}}}"#
            )
            let drop = #"{"schedule":"@daily","failure_policy":{"drop":{}}}"#
            #expect(await engine.handle(JobsTestSupport.post("dropper", drop), appID: "app")?.status.code == 204)
            let dropGet = await engine.handle(HTTPRequest(method: .get, target: "/v1.0/jobs/dropper"), appID: "app")
            #expect(dropGet?.text == #"{"name":"dropper","schedule":"@daily","failurePolicy":{"drop":{}}}"#)
            let delete = await engine.handle(HTTPRequest(method: .delete, target: "/v1.0-alpha1/jobs/myjob"), appID: "app")
            #expect(delete?.status.code == 204)
            let gone = await engine.handle(HTTPRequest(method: .get, target: "/v1.0-alpha1/jobs/myjob"), appID: "app")
            #expect(gone?.status.code == 500)
        }
    }

    @Test("case 14: a job without data is delivered with an empty body")
    func noData() async throws {
        let app = RecordingApp()
        try await withEngine(app: app) { engine, _ in
            #expect(await engine.handle(JobsTestSupport.post("j14", #"{"dueTime":"0s"}"#), appID: "app")?.status.code == 204)
            #expect(await JobsTestSupport.eventually { app.count == 1 })
            #expect(app.deliveries.first?.request.body.isEmpty == true)
        }
    }

    @Test(
        "other routes and methods are left to the runtime's fallback",
        arguments: [
            (HTTPMethod.put, "/v1.0-alpha1/jobs/x"), (.get, "/v1.0-alpha1/jobs/"), (.get, "/v1.0-alpha1/jobs/a/b"),
            (.get, "/v1.0/state/s/k"), (.post, "/v1.0-alpha1/jobsx"),
        ])
    func otherRoutes(method: HTTPMethod, target: String) async throws {
        try await withEngine(app: RecordingApp()) { engine, _ in
            #expect(await engine.handle(HTTPRequest(method: method, target: target), appID: "app") == nil)
        }
    }
}
