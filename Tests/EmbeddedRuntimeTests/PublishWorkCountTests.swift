import HTTPTypes
import JSON
import Testing

@testable import EmbeddedRuntime

/// Issue 12, item 2: inside the runtime's publish path each event is parsed once and serialised once, in the single
/// and the bulk publish alike (one envelope builder). The counter follows the task that serves the request, so the
/// request is served in-process (`EmbeddedDaprRuntime.respond(to:appID:)`), through the real route table and log.
@Suite("Publish parses and serialises each event once")
struct PublishWorkCountTests {
    /// Serves `body` on `target` in this task and returns the answer with the parses and serialisations it took.
    private func publish(_ harness: RuntimeHarness, _ target: String, contentType: String, body: String) async throws
        -> (status: Int, parses: Int, serialisations: Int)
    {
        let request = HTTPRequest(
            method: .post, target: target, headers: ["Host": "127.0.0.1", "Content-Type": contentType],
            body: Array(body.utf8))
        let counter = JSONWorkCounter()
        let response = await JSONWorkCounter.$current.withValue(counter) {
            await harness.runtime.respond(to: request, appID: "a")
        }
        return (try #require(response).status.code, counter.parses, counter.serialisations)
    }

    @Test("a CloudEvent and a JSON body: one parse, one serialisation")
    func single() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        let cloudEvent = #"{"specversion":"1.0","id":"1","source":"s","type":"t","data":{"a":[1,2]}}"#
        let completed = try await publish(
            harness, "/v1.0/publish/ps/orders?metadata.ttlInSeconds=60", contentType: "application/cloudevents+json",
            body: cloudEvent)
        #expect(completed.status == 204)
        #expect(completed.parses == 1)
        #expect(completed.serialisations == 1)
        let wrapped = try await publish(harness, "/v1.0/publish/ps/orders", contentType: "application/json", body: #"{"a":1}"#)
        #expect(wrapped.status == 204)
        #expect(wrapped.parses == 1)
        #expect(wrapped.serialisations == 1)
    }

    @Test("a bulk of three entries: the request parsed once, each event serialised once")
    func bulk() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        let body = #"""
            [{"entryId":"1","event":{"specversion":"1.0","id":"1","source":"s","type":"t"},
              "contentType":"application/cloudevents+json"},
             {"entryId":"2","event":{"m":1},"contentType":"application/json"},
             {"entryId":"3","event":"hi","contentType":"text/plain"}]
            """#
        let result = try await publish(
            harness, "/v1.0-alpha1/publish/bulk/ps/orders", contentType: "application/json", body: body)
        #expect(result.status == 204)
        #expect(result.parses == 1)
        #expect(result.serialisations == 3)
    }
}
