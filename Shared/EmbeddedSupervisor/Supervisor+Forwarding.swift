package import EmbeddedSeams
import HTTPClient
package import HTTPTypes
import Synchronization

/// Forwarding a request to a function: the ingress's requests and the runtime's deliveries (its `AppChannel`).
extension Supervisor {
    /// The production `AppChannel` (the runtime's deliveries, job triggers, bindings and allowed invocations):
    /// starts the app if needed, then forwards the request with `dapr-api-token`.
    package func channel() -> AppChannel {
        { [self] appID, request in try await forward(appID, request, withAppToken: true) }
    }

    /// Ensures `name` is running and ready, then sends `request` to `http://127.0.0.1:<port><target>`. With
    /// `withAppToken` (only the runtime's channel), `dapr-api-token: <APP_API_TOKEN>` is set when the function has
    /// one; without it any `dapr-api-token` in `request` is removed. Hop-by-hop headers are dropped both ways.
    /// - Throws: `SupervisorError` when the function cannot be started; `HTTPClientError` when it fails mid-request.
    /// A refused connection usually means the process died before its exit was noticed, but not that nothing reached
    /// it: when a reused connection closes without an answer, libcurl sends the request again on a fresh one, so a
    /// request the dead process had received (and perhaps applied) also ends refused. It is sent once more to the
    /// replacement only when repeating it is harmless: a GET, HEAD or OPTIONS, or the runtime's channel, whose
    /// deliveries, job triggers and invocations are at-least-once by contract. A user's POST, PATCH or DELETE gets
    /// the error (the ingress answers 502: it may have been applied).
    package func forward(_ name: String, _ request: HTTPRequest, withAppToken: Bool = false) async throws -> HTTPResponse {
        var headers = HopByHop.removing(from: request.headers)
        headers.remove("dapr-api-token")
        guard let client = clients[name] else { throw SupervisorError(.unknownFunction, "no function named \(name)") }
        for attempt in 1...2 {
            let (port, token, pid) = try await acquire(name)
            defer { release(name) }
            if withAppToken, let token { headers["dapr-api-token"] = token }
            do {
                var response = try await client.execute(
                    request.method, url: "http://127.0.0.1:\(port)\(request.target)", headers: headers, body: request.body,
                    timeout: configuration.requestTimeout)
                response.headers = HopByHop.removing(from: response.headers)
                response.headers.remove("Date")  // the server in front writes its own
                return response
            } catch let error as HTTPClientError
                where error.code == .connect && attempt == 1
                && (withAppToken || [.get, .head, .options].contains(request.method))
            {
                await waitForReplacement(of: pid, name)
            }
        }
        throw SupervisorError(.notReady, "\(name) refused the connection twice")
    }

    /// Waits (up to a second) until `name`'s process is no longer `pid`, i.e. its exit has been noticed.
    fileprivate func waitForReplacement(of pid: Int32, _ name: String) async {
        let deadline = ContinuousClock.now + .seconds(1)
        while state.withLock({ $0.slots[name]?.process?.pid == pid }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
