import EmbeddedJobs
import HTTPTypes
import Testing

/// How submitted values come back in GET (and so in trigger bodies): protojson's re-encoding of `data` and of the
/// failure policy's Duration.
@Suite struct JobsEncodingTests {
    static func roundTrip(_ body: String) async throws -> String {
        var text = ""
        try await withEngine(app: RecordingApp()) { engine, _ in
            let post = try #require(await engine.handle(JobsTestSupport.post("enc", body), appID: "app"))
            #expect(post.status.code == 204, "\(post.text)")
            let get = try #require(await engine.handle(HTTPRequest(method: .get, target: "/v1.0-alpha1/jobs/enc"), appID: "app"))
            text = get.text
        }
        return text
    }

    @Test(
        "numbers are doubles printed as Go's encoding/json prints them",
        arguments: [
            ("123", "123"), ("-0.5", "-0.5"), ("1e21", "1e+21"), ("1e20", "100000000000000000000"), ("0.000001", "0.000001"),
            ("1e-7", "1e-7"), ("12345678901234567890", "12345678901234567000"), ("2.50", "2.5"), ("1E2", "100"),
            ("123456.789", "123456.789"), ("-1.5e-10", "-1.5e-10"), ("0", "0"),
        ])
    func numbers(data: String, expected: String) async throws {
        let text = try await Self.roundTrip(#"{"schedule":"@daily","data":\#(data)}"#)
        #expect(text.contains(#""value":\#(expected)}"#), "\(text)")
    }

    @Test(
        "strings escape only quotes, backslashes and control characters",
        arguments: [
            (#""a\"b\\c""#, #""a\"b\\c""#), (#""<&>""#, #""<&>""#), (#""\u0001\u007f""#, #""\u0001\u007f""#),
            (#""\u00e9\ud83d\ude00""#, "\"é😀\""), (#""tab\tnl\n""#, #""tab\tnl\n""#),
        ])
    func strings(data: String, expected: String) async throws {
        let text = try await Self.roundTrip(#"{"schedule":"@daily","data":\#(data)}"#)
        #expect(text.contains(#""value":\#(expected)}"#), "\(text)")
    }

    @Test(
        "a constant failure policy's interval comes back as a protobuf Duration",
        arguments: [
            (#"{"interval":"0.2s","maxRetries":5}"#, #"{"constant":{"interval":"0.200s","maxRetries":5}}"#),
            (#"{"interval":"120s"}"#, #"{"constant":{"interval":"120s"}}"#),
            (#"{"interval":"1.000001s","max_retries":"2"}"#, #"{"constant":{"interval":"1.000001s","maxRetries":2}}"#),
        ])
    func policies(policy: String, expected: String) async throws {
        let text = try await Self.roundTrip(#"{"schedule":"@daily","failurePolicy":{"constant":\#(policy)}}"#)
        #expect(text.hasSuffix(#""failurePolicy":\#(expected)}"#), "\(text)")
    }

    @Test("proto field names are accepted and unknown fields ignored")
    func protoNames() async throws {
        let text = try await Self.roundTrip(#"{"due_time":"1h","data":[],"unknown":{"x":1}}"#)
        #expect(
            text
                == #"{"name":"enc","dueTime":"1h","data":{"@type":"type.googleapis.com/google.protobuf.Value","value":[]},"failurePolicy":{"constant":{"interval":"1s","maxRetries":3}}}"#
        )
    }

    @Test("a job whose ttl has already passed is accepted and gone, so the name can be used again")
    func expiredAtCreation() async throws {
        let app = RecordingApp()
        try await withEngine(app: app) { engine, _ in
            let body = #"{"schedule":"@every 1h","dueTime":"2020-01-01T00:00:00Z","ttl":"2020-01-01T00:00:00Z"}"#
            #expect(await engine.handle(JobsTestSupport.post("old", body), appID: "app")?.status.code == 204)
            let expired = #"{"schedule":"@every 1h","ttl":"-1h"}"#
            #expect(await engine.handle(JobsTestSupport.post("gone", expired), appID: "app")?.status.code == 204)
            #expect(
                await engine.handle(HTTPRequest(method: .get, target: "/v1.0-alpha1/jobs/gone"), appID: "app")?.status.code == 500
            )
            #expect(await engine.handle(JobsTestSupport.post("gone", expired), appID: "app")?.status.code == 204)
        }
    }
}
