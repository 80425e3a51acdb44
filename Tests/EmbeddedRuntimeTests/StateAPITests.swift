import EmbeddedRuntime
import HTTPTypes
import JSON
import Testing

@Suite("State API answers as daprd with state.in-memory semantics")
struct StateAPITests {
    @Test("save, get, missing key, bulk get and sorted re-serialisation")
    func basics() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        #expect(
            try await harness.send(.post, "/v1.0/state/s", body: #"[{"key":"a","value":"x"},{"key":"o","value":{"b":1,"a":2}}]"#)
                .status.code == 204)
        let get = try await harness.send(.get, "/v1.0/state/s/a")
        #expect(get.status.code == 200)
        #expect(get.text == #""x""#)
        #expect(get.headers["Content-Type"] == "application/json")
        #expect(get.headers["ETag"]?.isEmpty == false)
        #expect(try await harness.send(.get, "/v1.0/state/s/o").text == #"{"a":2,"b":1}"#)
        let missing = try await harness.send(.get, "/v1.0/state/s/missing")
        #expect(missing.status.code == 204 && missing.body.isEmpty)
        let bulk = try await harness.send(.post, "/v1.0/state/s/bulk", body: #"{"keys":["a","zz"]}"#)
        #expect(bulk.json.arrayValue?[0]["key"] == .string("a"))
        #expect(bulk.json.arrayValue?[0]["data"] == .string("x"))
        #expect(bulk.json.arrayValue?[0]["etag"] == .string(get.headers["ETag"] ?? ""))
        #expect(bulk.json.arrayValue?[1] == .object(["key": .string("zz")]))
        #expect(try await harness.send(.post, "/v1.0/state/s", body: "[]").status.code == 204)
    }

    @Test("keys are prefixed with the app id: another app does not see them")
    func prefixing() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        _ = try await harness.send(.post, "/v1.0/state/s", body: #"[{"key":"k","value":1}]"#)
        #expect(try await harness.send(.get, "/v1.0/state/s/k", app: "a").status.code == 200)
        #expect(try await harness.send(.get, "/v1.0/state/s/k", app: "b").status.code == 204)
        _ = try await harness.send(.post, "/v1.0/state/s", body: #"[{"key":"a b","value":1},{"key":"a+b","value":2}]"#)
        #expect(try await harness.send(.get, "/v1.0/state/s/a+b").text == "1")
        #expect(try await harness.send(.get, "/v1.0/state/s/a%2Bb").text == "2")
    }

    @Test("ETags: stale → 409, current → 204 with a new ETag, first-write on an existing key → 409")
    func etags() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        _ = try await harness.send(.post, "/v1.0/state/s", body: #"[{"key":"e","value":1}]"#)
        let etag = try #require(try await harness.send(.get, "/v1.0/state/s/e").headers["ETag"])
        let stale = try await harness.send(.post, "/v1.0/state/s", body: #"[{"key":"e","value":2,"etag":"nope"}]"#)
        #expect(stale.status.code == 409)
        #expect(stale.json["errorCode"] == .string("ERR_STATE_SAVE"))
        #expect(
            try await harness.send(.post, "/v1.0/state/s", body: #"[{"key":"e","value":2,"etag":"\#(etag)"}]"#).status.code == 204
        )
        let newETag = try await harness.send(.get, "/v1.0/state/s/e").headers["ETag"]
        #expect(newETag != etag)
        let first = try await harness.send(
            .post, "/v1.0/state/s", body: #"[{"key":"e","value":3,"options":{"concurrency":"first-write"}}]"#)
        #expect(first.status.code == 409)
        let badDelete = try await harness.send(.delete, "/v1.0/state/s/e", headers: ["If-Match": "wrong"])
        #expect(badDelete.status.code == 409)
        #expect(badDelete.json["errorCode"] == .string("ERR_STATE_DELETE"))
        #expect(try await harness.send(.delete, "/v1.0/state/s/e").status.code == 204)
        #expect(try await harness.send(.get, "/v1.0/state/s/e").status.code == 204)
        #expect(try await harness.send(.delete, "/v1.0/state/s/never").status.code == 204)
    }

    @Test("transactions are all or nothing, and an ETag mismatch is a 500")
    func transactions() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        _ = try await harness.send(.post, "/v1.0/state/s", body: #"[{"key":"k2","value":1}]"#)
        let failing =
            #"{"operations":[{"operation":"upsert","request":{"key":"k1","value":1}},{"operation":"delete","request":{"key":"k2","etag":"7"}}]}"#
        let response = try await harness.send(.post, "/v1.0/state/s/transaction", body: failing)
        #expect(response.status.code == 500)
        #expect(response.json["errorCode"] == .string("ERR_STATE_TRANSACTION"))
        #expect(try await harness.send(.get, "/v1.0/state/s/k1").status.code == 204)
        let ok =
            #"{"operations":[{"operation":"upsert","request":{"key":"k1","value":1}},{"operation":"delete","request":{"key":"k2"}}]}"#
        #expect(try await harness.send(.post, "/v1.0/state/s/transaction", body: ok).status.code == 204)
        #expect(try await harness.send(.get, "/v1.0/state/s/k1").status.code == 200)
        #expect(try await harness.send(.get, "/v1.0/state/s/k2").status.code == 204)
        let unknown = try await harness.send(
            .post, "/v1.0/state/s/transaction", body: #"{"operations":[{"operation":"merge","request":{"key":"x"}}]}"#)
        #expect(unknown.json["errorCode"] == .string("ERR_NOT_SUPPORTED_STATE_OPERATION"))
    }

    @Test("TTL: ttlExpireTime header, then the key is gone")
    func ttl() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        _ = try await harness.send(.post, "/v1.0/state/s", body: #"[{"key":"t","value":1,"metadata":{"ttlInSeconds":"1"}}]"#)
        let live = try await harness.send(.get, "/v1.0/state/s/t")
        #expect(live.headers["metadata.ttlExpireTime"]?.hasSuffix("Z") == true)
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try await harness.send(.get, "/v1.0/state/s/t").status.code == 204)
    }

    @Test("malformed saves and unknown stores get daprd's codes")
    func errors() async throws {
        let harness = try await RuntimeHarness()
        defer { Task { await harness.shutdown() } }
        let cases: [(String, String, Int, String)] = [
            ("/v1.0/state/s", #"{"key":"a","value":1}"#, 400, "ERR_MALFORMED_REQUEST"),
            ("/v1.0/state/s", #"[{"value":1}]"#, 400, "ERR_MALFORMED_REQUEST"),
            ("/v1.0/state/s", #"[{"key":"a||b","value":1}]"#, 400, "ERR_MALFORMED_REQUEST"),
            ("/v1.0/state/s", #"[{"key":"a","value":1,"metadata":{"ttlInSeconds":1}}]"#, 400, "ERR_MALFORMED_REQUEST"),
            ("/v1.0/state/s", #"[{"key":"a","value":1,"etag":1}]"#, 400, "ERR_MALFORMED_REQUEST"),
            ("/v1.0/state/s", #"[{"key":"a","value":1,"options":{"concurrency":"sometimes"}}]"#, 500, "ERR_STATE_SAVE"),
            ("/v1.0/state/s", #"[{"key":"a","value":1,"metadata":{"ttlInSeconds":"soon"}}]"#, 500, "ERR_STATE_SAVE"),
            ("/v1.0/state/nostore", "[]", 400, "ERR_STATE_STORE_NOT_FOUND"),
        ]
        for (path, body, status, code) in cases {
            let response = try await harness.send(.post, path, body: body)
            #expect(response.status.code == status, "\(body)")
            #expect(response.json["errorCode"] == .string(code), "\(body)")
        }
    }
}
