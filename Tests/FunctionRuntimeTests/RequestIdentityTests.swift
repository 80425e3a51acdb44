import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Testing

@Suite struct RequestIdentityTests {
    private let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    private func derive(_ headers: HTTPHeaders) -> RequestIdentity {
        RequestIdentity.derive(from: headers, generator: RequestIDGenerator(prefix: 0xABC))
    }

    @Test("ce-id wins over traceparent and x-request-id")
    func cloudEventID() {
        let identity = derive(["traceparent": traceparent, "X-Request-Id": "r1", "Ce-Id": "event-1"])
        #expect(identity == RequestIdentity(id: "event-1", traceparent: traceparent, cloudEventID: "event-1"))
    }

    @Test("the trace id of traceparent wins over x-request-id")
    func traceID() {
        #expect(derive(["traceparent": traceparent, "x-request-id": "r1"]).id == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test("x-request-id is used when nothing else is there, and malformed values are ignored")
    func fallbacks() {
        #expect(derive(["x-request-id": "r1"]).id == "r1")
        let zeroTrace = "00-00000000000000000000000000000000-00f067aa0ba902b7-01"
        let identity = derive(["traceparent": zeroTrace, "x-request-id": "has space", "ce-id": ""])
        #expect(identity.traceparent == nil)
        #expect(identity.cloudEventID == nil)
        #expect(identity.id == "0000000000000abc0000000000000001")
    }

    @Test("generated ids are 32 hex digits and unique")
    func generated() {
        let generator = RequestIDGenerator()
        let ids = (0..<1000).map { _ in generator.next() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.utf8.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test("the id reaches the context and is echoed in X-Request-Id")
    func echoed() async throws {
        let client = FunctionTestClient(
            ClosureFunction { _, context in
                HTTPResponse(
                    contentType: "text/plain",
                    text: "\(context.requestID) \(context.cloudEventID ?? "-") \(context.traceparent ?? "-")")
            })
        let response = try await client.execute(.post, "/anything", headers: ["traceparent": traceparent])
        #expect(response.headers["X-Request-Id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(response.text == "4bf92f3577b34da6a3ce929d0e0e4736 - \(traceparent)")
        let generated = try await client.execute(.get, "/anything")
        #expect(generated.headers["X-Request-Id"] == "00000000000000010000000000000001")
    }
}
