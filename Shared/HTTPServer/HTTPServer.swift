package import HTTPTypes
import Synchronization

/// What the server calls once per complete request.
///
/// ```swift
/// struct Hello: HTTPResponder {
///     func respond(to request: HTTPRequest) async -> HTTPResponse { HTTPResponse(contentType: "text/plain", text: "hi") }
/// }
/// ```
/// It runs on the event loop that read the request (a Swift `TaskExecutor`), so a responder that does not
/// suspend completes with no thread hop; one that suspends frees the loop while it waits.
package protocol HTTPResponder: Sendable {
    /// Answers one request; the server writes the response.
    func respond(to request: HTTPRequest) async -> HTTPResponse
}

/// An HTTP/1.1 server: epoll event loops (one thread each) sharing one listener, parsing by libhttp-parser.
///
/// One listener watched by every loop with EPOLLEXCLUSIVE was measured against one SO_REUSEPORT listener per loop
/// (wrk -t2 -c64 on 2 shared cores): 65–90k against 51–62k req/s on /health, in 5 alternating pairs.
package final class HTTPServer: Sendable {
    private enum Phase {
        case idle, running, stopping, stopped
    }

    private struct State {
        var phase = Phase.idle
        var loops: [EventLoop] = []
        var runningLoops = 0
        var port = 0
        var waiters: [@Sendable () -> Void] = []
        var signals: SignalBridge?
    }

    /// The configuration the server was created with.
    package let configuration: HTTPServerConfiguration
    private let context: ServerContext
    private let state = Mutex(State())

    /// Creates a server; nothing is bound until `start()`.
    package init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        context = ServerContext(configuration: configuration, responder: responder, upgrader: nil)
    }

    /// Creates a server whose upgrade requests go to `upgrader` first.
    package init(configuration: HTTPServerConfiguration, responder: any HTTPResponder, upgrader: any HTTPUpgrader) {
        self.configuration = configuration
        context = ServerContext(configuration: configuration, responder: responder, upgrader: upgrader)
    }

    /// Open connections across all loops (a relaxed counter, cheap to read).
    package var activeConnections: Int { context.activeConnections.load(ordering: .relaxed) }

    /// The bound port, or nil before `start()`.
    package var port: Int? { state.withLock { $0.port == 0 ? nil : $0.port } }

    /// Binds and starts the loops (and, with `handlesSignals`, turns SIGTERM/SIGINT into `shutdown()` until the
    /// server stops); returns the bound port. Calling it again returns the same port. The first start in a process
    /// raises the soft `RLIMIT_NOFILE` to the hard limit.
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    @discardableResult
    package func start() throws -> Int {
        try state.withLock { state throws(HTTPServerError) -> Int in
            guard state.phase == .idle else { return state.port }
            DescriptorLimit.raiseToHard()
            let count = max(1, configuration.workerCount)
            let fd = try Socket.listen(host: configuration.host, port: configuration.port)
            let port = Socket.localPort(fd)
            do {
                state.loops = try (0..<count).map { _ throws(HTTPServerError) in try EventLoop(context: context, listenFD: fd) }
            } catch let error as HTTPServerError {
                Socket.close(fd)
                throw error
            } catch {
                Socket.close(fd)
                throw HTTPServerError(.systemFailure, "\(error)")
            }
            context.setListener(fd, watchers: count)
            for loop in state.loops { loop.peers = state.loops }
            for (index, loop) in state.loops.enumerated() {
                try NativeThread.spawn(name: "http-loop-\(index)", detached: true) { [self] in
                    loop.run()
                    loopFinished()
                }
                state.runningLoops += 1
            }
            if configuration.handlesSignals {
                state.signals = try SignalBridge.install { [self] in shutdown() }
            }
            state.port = port
            state.phase = .running
            return port
        }
    }

    /// Starts if needed and returns when the server has shut down (after a signal or `shutdown()`).
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    package func run() async throws {
        try start()
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.phase == .stopped { return true }
                state.waiters.append { continuation.resume() }
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Starts if needed and blocks the calling thread until the server has shut down: `run()` for a synchronous
    /// `main`, which needs no task and wakes no thread of Swift's cooperative pool.
    /// - Throws: `HTTPServerError` when the address cannot be bound or the wake-up descriptor cannot be made.
    package func runBlocking() throws {
        try start()
        let stopped = try EventFD(blocking: true)
        let done = state.withLock { state in
            if state.phase == .stopped { return true }
            state.waiters.append { stopped.signal() }
            return false
        }
        if !done { while stopped.drain() == 0 {} }
    }

    /// Begins a graceful shutdown: stop accepting, let in-flight requests finish within the grace period.
    package func shutdown() {
        let (loops, waiters) = state.withLock { state -> ([EventLoop], [@Sendable () -> Void]) in
            switch state.phase {
            case .idle:
                state.phase = .stopped
                defer { state.waiters = [] }
                return ([], state.waiters)
            case .running:
                state.phase = .stopping
                return (state.loops, [])
            case .stopping, .stopped:
                return ([], [])
            }
        }
        waiters.forEach { $0() }
        let grace = configuration.shutdownGracePeriod.nanoseconds
        for loop in loops { loop.execute { loop.beginShutdown(grace: grace) } }
    }

    private func loopFinished() {
        let waiters = state.withLock { state -> [@Sendable () -> Void] in
            state.runningLoops -= 1
            guard state.runningLoops == 0 else { return [] }
            state.phase = .stopped
            state.loops = []
            state.signals?.uninstall()
            state.signals = nil
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0() }
    }
}
