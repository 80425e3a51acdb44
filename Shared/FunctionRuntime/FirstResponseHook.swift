import HTTPServer
import HTTPTypes
import Synchronization

/// A responder that runs `hook` once, on a task of its own, when the first request has been answered: work a
/// function wants done early but not before it is ready (loading libcurl) then no longer delays its first answer,
/// usually the readiness probe that ends a cold start.
final class FirstResponseHook: HTTPResponder {
    private let responder: any HTTPResponder
    private let hook: @Sendable () -> Void
    private let fired = Atomic<Bool>(false)

    init(_ responder: any HTTPResponder, hook: @escaping @Sendable () -> Void) {
        self.responder = responder
        self.hook = hook
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let response = await responder.respond(to: request)
        if !fired.exchange(true, ordering: .relaxed) {
            let hook = self.hook
            Task.detached { hook() }
        }
        return response
    }
}
