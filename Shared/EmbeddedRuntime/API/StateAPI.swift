import DaprResources
import FoundationEssentials
import HTTPTypes
import JSON

/// The state API (§3) over the embedded SQLite store, with `state.in-memory`'s ETags and daprd's status mapping.
struct StateAPI: Sendable {
    let core: RuntimeCore

    /// Resolves `name` for the caller: the component, or daprd's error answer.
    private func store(_ name: String, appID: String) -> Result<Component, StateAPIFailure> {
        let visible = core.components.stateStores.values.filter { $0.isVisible(to: appID) }
        if visible.isEmpty {
            return .failure(.init(DaprResponse.response(500, "ERR_STATE_STORE_NOT_CONFIGURED", "state store is not configured")))
        }
        guard let component = visible.first(where: { $0.name == name }) else {
            return .failure(.init(DaprResponse.response(400, "ERR_STATE_STORE_NOT_FOUND", "state store \(name) is not found")))
        }
        return .success(component)
    }

    /// The stored key: `appid||key` by default, per the component's `keyPrefix` (§3.8).
    private func storedKey(_ key: String, component: Component, appID: String) -> Result<String, StateAPIFailure> {
        let prefixMode = component.value("keyPrefix")?.lowercased() ?? "appid"
        let prefix: String
        switch prefixMode {
        case "appid", "namespace": prefix = appID
        case "name": prefix = component.name
        case "none": prefix = ""
        default: prefix = prefixMode
        }
        if key.contains("||") || prefix.contains("||") {
            return .failure(.init(malformed("input key/keyPrefix '\(key)' can't contain '||'")))
        }
        return .success(prefix.isEmpty ? key : prefix + "||" + key)
    }

    private func malformed(_ message: String) -> HTTPResponse {
        DaprResponse.response(400, "ERR_MALFORMED_REQUEST", message)
    }

    /// `GET /v1.0/state/{store}/{key}`.
    func get(_ request: APIRequest, storeName: String, key: String) async -> HTTPResponse {
        do {
            let component = try store(storeName, appID: request.appID).get()
            let stored = try storedKey(key, component: component, appID: request.appID).get()
            guard let item = try await core.state.get(store: storeName, key: stored) else { return DaprResponse.noContent }
            var headers: HTTPHeaders = ["Content-Type": "application/json", "ETag": item.etag]
            if let expiresAt = item.expiresAt {
                headers["metadata.ttlExpireTime"] = RFC3339.format(Date(timeIntervalSince1970: expiresAt), milliseconds: false)
            }
            return HTTPResponse(status: .ok, headers: headers, body: item.value)
        } catch let failure as StateAPIFailure {
            return failure.response
        } catch {
            return DaprResponse.response(500, "ERR_STATE_GET", "fail to get \(key) from state store \(storeName): \(error)")
        }
    }

    /// `POST|PUT /v1.0/state/{store}/bulk`.
    func bulkGet(_ request: APIRequest, storeName: String) async -> HTTPResponse {
        do {
            let component = try store(storeName, appID: request.appID).get()
            guard case .object(let body)? = try? JSONValue.parse(request.raw.body, lenient: true) else {
                return malformed("failed to parse the bulk get request")
            }
            var results: [JSONValue] = []
            for keyValue in body["keys"]?.arrayValue ?? [] {
                guard let key = keyValue.stringValue else { return malformed("keys must be strings") }
                let stored = try storedKey(key, component: component, appID: request.appID).get()
                var entry: [String: JSONValue] = ["key": .string(key)]
                if let item = try await core.state.get(store: storeName, key: stored) {
                    entry["data"] =
                        (try? JSONValue.parse(item.value, lenient: true)) ?? .string(String(decoding: item.value, as: UTF8.self))
                    entry["etag"] = .string(item.etag)
                    if let expiresAt = item.expiresAt {
                        entry["metadata"] = .object([
                            "ttlExpireTime": .string(RFC3339.format(Date(timeIntervalSince1970: expiresAt), milliseconds: false))
                        ])
                    }
                }
                results.append(.object(entry))
            }
            return DaprResponse.json(.array(results))
        } catch let failure as StateAPIFailure {
            return failure.response
        } catch {
            return DaprResponse.response(500, "ERR_STATE_BULK_GET", "failed getting state in bulk: \(error)")
        }
    }

    /// `POST|PUT /v1.0/state/{store}`: 204; 409 on an ETag mismatch, 500 on other store errors.
    func save(_ request: APIRequest, storeName: String) async -> HTTPResponse {
        let code = "ERR_STATE_SAVE"
        do {
            let component = try store(storeName, appID: request.appID).get()
            guard case .array(let items)? = try? JSONValue.parse(request.raw.body, lenient: true) else {
                return malformed("failed to decode the save request: body must be a JSON array of state items")
            }
            if items.isEmpty { return DaprResponse.noContent }
            var operations: [StateStore.Operation] = []
            let queryMetadata = request.metadata
            for json in items {
                let item = try StateRequestItem(json, queryMetadata: queryMetadata)
                let stored = try storedKey(item.key, component: component, appID: request.appID).get()
                operations.append(
                    .upsert(
                        key: stored, value: (item.value ?? .null).bytes(escaping: .go), etag: item.etag,
                        firstWrite: try item.firstWrite(), ttlSeconds: try item.ttlSeconds()))
            }
            try await core.state.apply(store: storeName, operations)
            return DaprResponse.noContent
        } catch let failure as StateAPIFailure {
            return failure.response
        } catch StateRequestItem.Problem.malformed(let message) {
            return malformed(message)
        } catch StateRequestItem.Problem.store(let message) {
            return DaprResponse.response(500, code, "failed saving state in state store \(storeName): \(message)")
        } catch StateStore.Failure.etagMismatch(let key) {
            return DaprResponse.response(
                409, code,
                "failed saving state in state store \(storeName): possible etag mismatch. error from state store: etag mismatch for key \(key)"
            )
        } catch {
            return DaprResponse.response(500, code, "failed saving state in state store \(storeName): \(error)")
        }
    }

    /// `DELETE /v1.0/state/{store}/{key}` with optional `If-Match`: 204, 409 on mismatch.
    func delete(_ request: APIRequest, storeName: String, key: String) async -> HTTPResponse {
        let code = "ERR_STATE_DELETE"
        do {
            let component = try store(storeName, appID: request.appID).get()
            let stored = try storedKey(key, component: component, appID: request.appID).get()
            let concurrency = request.raw.queryValue("concurrency") ?? ""
            guard ["", "first-write", "last-write"].contains(concurrency) else {
                return DaprResponse.response(500, code, "failed deleting state with key \(key): invalid concurrency")
            }
            let etag = request.raw.headers["If-Match"].flatMap { $0.isEmpty ? nil : $0 }
            try await core.state.apply(
                store: storeName, [.delete(key: stored, etag: etag, firstWrite: concurrency == "first-write")])
            return DaprResponse.noContent
        } catch let failure as StateAPIFailure {
            return failure.response
        } catch StateStore.Failure.etagMismatch {
            return DaprResponse.response(
                409, code, "failed deleting state with key \(key): possible etag mismatch. error from state store: etag mismatch")
        } catch {
            return DaprResponse.response(500, code, "failed deleting state with key \(key): \(error)")
        }
    }

    /// `POST|PUT /v1.0/state/{store}/transaction`: all or nothing; any store failure (ETags included) → 500.
    func transaction(_ request: APIRequest, storeName: String) async -> HTTPResponse {
        let code = "ERR_STATE_TRANSACTION"
        do {
            let component = try store(storeName, appID: request.appID).get()
            guard case .object(let body)? = try? JSONValue.parse(request.raw.body, lenient: true) else {
                return malformed("failed to decode the transaction request")
            }
            var operations: [StateStore.Operation] = []
            let queryMetadata = request.metadata
            for entry in body["operations"]?.arrayValue ?? [] {
                let kind = entry["operation"]?.stringValue ?? ""
                guard kind == "upsert" || kind == "delete" else {
                    return DaprResponse.response(400, "ERR_NOT_SUPPORTED_STATE_OPERATION", "operation type \(kind) not supported")
                }
                let item = try StateRequestItem(entry["request"] ?? .null, queryMetadata: queryMetadata)
                let stored = try storedKey(item.key, component: component, appID: request.appID).get()
                if kind == "upsert" {
                    operations.append(
                        .upsert(
                            key: stored, value: (item.value ?? .null).bytes(escaping: .go), etag: item.etag,
                            firstWrite: try item.firstWrite(), ttlSeconds: try item.ttlSeconds()))
                } else {
                    operations.append(.delete(key: stored, etag: item.etag, firstWrite: try item.firstWrite()))
                }
            }
            if operations.isEmpty { return DaprResponse.noContent }
            try await core.state.apply(store: storeName, operations)
            return DaprResponse.noContent
        } catch let failure as StateAPIFailure {
            return failure.response
        } catch StateRequestItem.Problem.malformed(let message) {
            return malformed(message)
        } catch {
            return DaprResponse.response(500, code, "error while executing state transaction: \(error)")
        }
    }
}
