import HTTPServer
import HTTPTypes

/// The Dapr HTTP API of one app's port: `APIGuard` (loopback Host, no browser, the port's token), the route
/// table of daprd's `setupRoutes` for the families the embedded runtime serves, the extra modules (jobs), then the
/// router fallback (service invocation by `dapr-app-id`, else `404 ERR_DIRECT_INVOKE`, also for a wrong method on a
/// known route).
struct DaprAPIResponder: HTTPResponder {
    let core: RuntimeCore
    let appID: String

    func respond(to raw: HTTPRequest) async -> HTTPResponse {
        var raw = raw
        var api = APIRequest(raw, appID: appID)
        let s = api.segments
        let isHealth =
            raw.method == .get && s.count >= 2 && s[0] == "v1.0" && s[1] == "healthz"
            && (s.count == 2 || (s.count == 3 && s[2] == "outbound"))
        if let rejection = APIGuard.rejection(raw, token: core.apiTokens[appID], isHealth: isHealth) {
            return rejection
        }
        if raw.headers.contains("dapr-api-token") {
            raw.headers.remove("dapr-api-token")
            api = APIRequest(raw, appID: appID, segments: s)
        }
        if let response = await route(api) { return response }
        for module in core.configuration.extraModules {
            if let response = await module(raw, appID) { return response }
        }
        return await fallback(api)
    }

    private func route(_ request: APIRequest) async -> HTTPResponse? {
        let s = request.segments
        guard s.count >= 2 else { return nil }
        switch (s[0], s[1]) {
        case ("v1.0", "healthz") where request.method(.get) && s.count <= 3:
            if s.count == 3 { return s[2] == "outbound" ? DaprResponse.noContent : nil }
            if let other = request.raw.queryValue("appid"), !other.isEmpty, other != appID {
                return DaprResponse.response(500, "ERR_HEALTH_APPID_NOT_MATCH", "dapr app-id does not match")
            }
            return DaprResponse.noContent
        case ("v1.0", "metadata") where s.count == 2 && request.method(.get):
            return MetadataAPI(core: core).get(request)
        case ("v1.0", "metadata") where s.count == 3 && request.method(.put):
            return MetadataAPI(core: core).put(request, key: s[2])
        case ("v1.0", "shutdown") where s.count == 2 && request.method(.post):
            // The embedded runtime serves every app: a shutdown request is acknowledged and ignored.
            return DaprResponse.noContent
        case ("v1.0-alpha1", "publish") where s.count >= 4 && s[2] == "bulk" && request.method(.post, .put):
            return await BulkPublishAPI(core: core).publish(request, pubsub: s[3], topic: request.rest(from: 4))
        case ("v1.0", "publish") where s.count >= 5 && s[2] == "bulk" && request.method(.post, .put):
            return await BulkPublishAPI(core: core).publish(request, pubsub: s[3], topic: request.rest(from: 4))
        case ("v1.0", "publish") where s.count >= 4 && request.method(.post, .put):
            return await PublishAPI(core: core).publish(request, pubsub: s[2], topic: request.rest(from: 3))
        case ("v1.0", "state"):
            return await state(request)
        case ("v1.0", "secrets") where s.count == 4 && request.method(.get):
            let api = SecretsAPI(core: core)
            return s[3] == "bulk" ? api.bulk(request, storeName: s[2]) : api.get(request, storeName: s[2], key: s[3])
        case ("v1.0", "bindings") where s.count == 3 && request.method(.post, .put):
            return DaprResponse.response(
                500, "ERR_INVOKE_OUTPUT_BINDING", "error invoking output binding \(s[2]): couldn't find output binding \(s[2])")
        case ("v1.0", "invoke"):
            if let target = request.raw.headers["dapr-app-id"], !target.isEmpty {
                return await InvocationAPI(core: core).invoke(
                    request, target: target, method: InvocationAPI.method(fromPath: request.raw.path))
            }
            guard s.count >= 4, s[3] == "method" else { return nil }
            return await InvocationAPI(core: core).invoke(
                request, target: s[2], method: InvocationAPI.cleaned(Array(s[4...])))
        default:
            return nil
        }
    }

    private func state(_ request: APIRequest) async -> HTTPResponse? {
        let s = request.segments
        let api = StateAPI(core: core)
        switch s.count {
        case 3 where request.method(.post, .put): return await api.save(request, storeName: s[2])
        case 4 where s[3] == "bulk" && request.method(.post, .put): return await api.bulkGet(request, storeName: s[2])
        case 4 where s[3] == "transaction" && request.method(.post, .put):
            return await api.transaction(request, storeName: s[2])
        case 4 where request.method(.get): return await api.get(request, storeName: s[2], key: s[3])
        case 4 where request.method(.delete): return await api.delete(request, storeName: s[2], key: s[3])
        default: return nil
        }
    }

    private func fallback(_ request: APIRequest) async -> HTTPResponse {
        guard let target = request.raw.headers["dapr-app-id"], !target.isEmpty else { return DaprResponse.noAppID }
        return await InvocationAPI(core: core).invoke(
            request, target: target, method: InvocationAPI.method(fromPath: request.raw.path))
    }
}
