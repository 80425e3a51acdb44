import FoundationEssentials
import HTTPTypes
import Testing

@testable import Dapr

@Suite("HTTPDaprClient state against a loopback daprd")
struct HTTPDaprClientStateTests {
    let store = "todo-statestore"

    @Test("saves a string value and reads it back quoted, with an ETag")
    func saveAndGet() async throws {
        try await Daprd.with { daprd, dapr in
            try await dapr.saveState(store: store, key: "a", value: "x")
            let entry = try #require(try await dapr.getState(store: store, key: "a"))
            #expect(entry.value == Array(#""x""#.utf8))
            #expect(entry.etag != nil)
            #expect(try await dapr.getState(String.self, store: store, key: "a") == "x")
            #expect(daprd.requests.first?.body == Array(#"[{"key":"a","value":"x"}]"#.utf8))
        }
    }

    @Test("a missing key is daprd's 204 and reads as nil")
    func missingKey() async throws {
        try await Daprd.with { _, dapr in
            let entry = try await dapr.getState(store: store, key: "missing")
            #expect(entry == nil)
        }
    }

    @Test("keys with + and spaces travel percent-encoded and stay distinct")
    func plusInKey() async throws {
        try await Daprd.with { daprd, dapr in
            try await dapr.saveState(store: store, key: "a+b", value: 1)
            try await dapr.saveState(store: store, key: "a b", value: 2)
            #expect(try await dapr.getState(Int.self, store: store, key: "a+b") == 1)
            #expect(try await dapr.getState(Int.self, store: store, key: "a b") == 2)
            #expect(daprd.requests.contains { $0.target == "/v1.0/state/todo-statestore/a%2Bb" })
        }
    }

    @Test("a stale ETag is 409 .etagMismatch; the current one saves and changes the ETag")
    func etags() async throws {
        try await Daprd.with { _, dapr in
            try await dapr.saveState(store: store, key: "k", value: 1)
            let first = try #require(try await dapr.getState(store: store, key: "k")?.etag)
            let stale = DaprStateItem(key: "k", value: Array("2".utf8), etag: "stale")
            let error = await #expect(throws: DaprError.self) { try await dapr.saveState(store: store, items: [stale]) }
            #expect(error?.code == .etagMismatch)
            #expect(error?.httpStatus == 409)
            #expect(error?.errorCode == "ERR_STATE_SAVE")
            try await dapr.saveState(
                store: store, items: [DaprStateItem(key: "k", value: Array("2".utf8), etag: first)])
            let second = try #require(try await dapr.getState(store: store, key: "k"))
            #expect(second.etag != first)
            #expect(second.value == Array("2".utf8))
        }
    }

    @Test("first-write without an ETag creates a new key and conflicts on an existing one")
    func firstWrite() async throws {
        try await Daprd.with { daprd, dapr in
            let item = DaprStateItem(key: "f", value: Array("1".utf8), concurrency: .firstWrite)
            try await dapr.saveState(store: store, items: [item])
            let error = await #expect(throws: DaprError.self) { try await dapr.saveState(store: store, items: [item]) }
            #expect(error?.code == .etagMismatch)
            let body = String(decoding: daprd.requests[0].body, as: UTF8.self)
            #expect(body == #"[{"key":"f","value":1,"options":{"concurrency":"first-write"}}]"#)
        }
    }

    @Test("sends ttlInSeconds as a string in the item's metadata and reads metadata.ttlExpireTime back")
    func ttl() async throws {
        try await Daprd.with { daprd, dapr in
            try await dapr.saveState(store: store, key: "t", value: 1, ttlInSeconds: 60)
            #expect(daprd.requests[0].body == Array(#"[{"key":"t","value":1,"metadata":{"ttlInSeconds":"60"}}]"#.utf8))
            let entry = try #require(try await dapr.getState(store: store, key: "t"))
            #expect(entry.metadata["ttlExpireTime"] != nil)
        }
    }

    @Test("delete with a wrong If-Match is .etagMismatch; without one, and for a missing key, it succeeds")
    func delete() async throws {
        try await Daprd.with { daprd, dapr in
            try await dapr.saveState(store: store, key: "d", value: 1)
            let error = await #expect(throws: DaprError.self) {
                try await dapr.deleteState(store: store, key: "d", etag: "wrong")
            }
            #expect(error?.code == .etagMismatch)
            #expect(error?.errorCode == "ERR_STATE_DELETE")
            #expect(daprd.requests.last?.headers["If-Match"] == "wrong")
            try await dapr.deleteState(store: store, key: "d")
            try await dapr.deleteState(store: store, key: "never-there")
            #expect(try await dapr.getState(store: store, key: "d") == nil)
        }
    }

    @Test("bulk get reads daprd's data field, in request order, with a bare item for a missing key")
    func bulkGet() async throws {
        try await Daprd.with { _, dapr in
            try await dapr.saveState(store: store, key: "a", value: "x")
            try await dapr.saveState(store: store, key: "o", value: ["b": 1, "a": 2])
            let items = try await dapr.getBulkState(store: store, keys: ["a", "zz", "o"])
            #expect(items.map(\.key) == ["a", "zz", "o"])
            #expect(items[0].value == Array(#""x""#.utf8))
            #expect(items[0].etag != nil)
            #expect(items[1].value == nil)
            #expect(items[1].entry == nil)
            #expect(try items[2].entry?.decode(as: [String: Int].self) == ["a": 2, "b": 1])
        }
    }

    @Test("a transaction with a mismatching ETag is 500 ERR_STATE_TRANSACTION and applies nothing")
    func transactionFailure() async throws {
        try await Daprd.with { _, dapr in
            try await dapr.saveState(store: store, key: "k2", value: 1)
            let error = await #expect(throws: DaprError.self) {
                try await dapr.executeStateTransaction(
                    store: store,
                    operations: [
                        .upsert(DaprStateItem(key: "k1", value: Array("1".utf8))),
                        .delete(key: "k2", etag: "7"),
                    ])
            }
            #expect(error?.code == .operationFailed)
            #expect(error?.errorCode == "ERR_STATE_TRANSACTION")
            #expect(try await dapr.getState(store: store, key: "k1") == nil)
            #expect(try await dapr.getState(store: store, key: "k2") != nil)
        }
    }

    @Test("a transaction applies upserts and deletes together")
    func transaction() async throws {
        try await Daprd.with { _, dapr in
            try await dapr.saveState(store: store, key: "k2", value: 1)
            try await dapr.executeStateTransaction(
                store: store,
                operations: [.upsert(try DaprStateItem(key: "k1", encoding: ["a": 1])), .delete(key: "k2")])
            #expect(try await dapr.getState([String: Int].self, store: store, key: "k1") == ["a": 1])
            #expect(try await dapr.getState(store: store, key: "k2") == nil)
        }
    }

    @Test(
        "maps daprd's state errors",
        arguments: [
            ("nostore", "k", "{}", DaprError.Code.stateStoreNotFound, "ERR_STATE_STORE_NOT_FOUND"),
            ("todo-statestore", "a||b", "1", .badRequest, "ERR_MALFORMED_REQUEST"),
        ])
    func stateErrors(store: String, key: String, value: String, code: DaprError.Code, tag: String) async throws {
        try await Daprd.with { _, dapr in
            let error = await #expect(throws: DaprError.self) {
                try await dapr.saveState(store: store, items: [DaprStateItem(key: key, value: Array(value.utf8))])
            }
            #expect(error?.code == code)
            #expect(error?.errorCode == tag)
        }
    }

    @Test("an unknown concurrency mode is 500 .operationFailed ERR_STATE_SAVE")
    func unknownConcurrency() async throws {
        try await Daprd.with { _, dapr in
            let item = DaprStateItem(
                key: "k", value: Array("1".utf8), concurrency: DaprStateConcurrency(rawValue: "sometimes"))
            let error = await #expect(throws: DaprError.self) { try await dapr.saveState(store: store, items: [item]) }
            #expect(error?.code == .operationFailed)
            #expect(error?.errorCode == "ERR_STATE_SAVE")
        }
    }

    @Test("retries an idempotent read on 503, but not a first-write save")
    func retries() async throws {
        try await Daprd.with { daprd, dapr in
            daprd.inject(HTTPResponse(status: .serviceUnavailable), forPathPrefix: "/v1.0/state/")
            let entry = try await dapr.getState(store: store, key: "nope")
            #expect(entry == nil)
            #expect(daprd.requests.count == 2)
            daprd.inject(HTTPResponse(status: .serviceUnavailable), forPathPrefix: "/v1.0/state/")
            let error = await #expect(throws: DaprError.self) {
                try await dapr.saveState(
                    store: store, items: [DaprStateItem(key: "f", value: Array("1".utf8), concurrency: .firstWrite)])
            }
            #expect(error?.httpStatus == 503)
            #expect(daprd.requests.count == 3)
        }
    }

    @Test("retries a read after a timeout, but reports a timed-out first-write save as .timeout without retrying")
    func timeouts() async throws {
        try await Daprd.with(requestTimeout: .milliseconds(300)) { daprd, dapr in
            daprd.delay(.seconds(1), forPathPrefix: "/v1.0/state/")
            let entry = try await dapr.getState(store: store, key: "slow")
            #expect(entry == nil)
            #expect(daprd.requests.count == 2)
            daprd.delay(.seconds(1), forPathPrefix: "/v1.0/state/")
            let error = await #expect(throws: DaprError.self) {
                try await dapr.saveState(
                    store: store, items: [DaprStateItem(key: "f", value: Array("1".utf8), concurrency: .firstWrite)])
            }
            #expect(error?.code == .timeout)
            #expect(daprd.requests.count == 3)
        }
    }
}
