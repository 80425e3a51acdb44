package import FunctionRuntime
package import HTTPTypes
import Synchronization

/// A transport that opens no socket: `FunctionServer.run(…, transport:)` hands it the responder, and the test sends
/// requests with `execute` while `run` is serving. Cancelling the serving task or calling `shutdown()` ends it.
///
/// ```swift
/// let transport = InProcessTransport()
/// async let serving: Void = FunctionServer.run(handler, configuration: config, transport: transport)
/// let response = try await transport.execute(HTTPRequest(method: .get, target: "/health/readiness"))
/// transport.shutdown()
/// try await serving
/// ```
package final class InProcessTransport: FunctionTransport {
    private struct State {
        var responder: FunctionResponder?
        var waiters: [CheckedContinuation<FunctionResponder, any Error>] = []
        var stop: CheckedContinuation<Void, Never>?
        var stopped = false
    }

    /// The error `execute` throws once the transport has shut down.
    package struct ShutDown: Error {}

    private let state = Mutex(State())

    /// Creates a transport; requests sent before `serve` starts wait for it.
    package init() {}

    /// Publishes the responder and waits until `shutdown()` or cancellation.
    package func serve(_ responder: FunctionResponder, configuration: Configuration, logger: Logger) async throws {
        let waiters = state.withLock { state in
            state.responder = responder
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: responder) }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let stopped = state.withLock { state in
                    if !state.stopped { state.stop = continuation }
                    return state.stopped
                }
                if stopped { continuation.resume() }
            }
        } onCancel: {
            shutdown()
        }
    }

    /// Sends one request through the runtime, waiting for `serve` to start if needed.
    /// - Throws: `ShutDown` when the transport has stopped.
    package func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let responder = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<FunctionResponder, any Error>) in
            let ready: Result<FunctionResponder, any Error>? = state.withLock { state in
                if state.stopped { return .failure(ShutDown()) }
                if let responder = state.responder { return .success(responder) }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
        return await responder.respond(to: request)
    }

    /// Ends `serve`; pending and later `execute` calls throw `ShutDown`.
    package func shutdown() {
        let (stop, waiters) = state.withLock { state in
            state.stopped = true
            defer {
                state.stop = nil
                state.waiters = []
            }
            return (state.stop, state.waiters)
        }
        stop?.resume()
        for waiter in waiters { waiter.resume(throwing: ShutDown()) }
    }
}
