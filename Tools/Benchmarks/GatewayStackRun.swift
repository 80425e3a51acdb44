import Glibc
import Synchronization
import WorkerThreads

/// The gateway rows through the real release `todofn up` (SQLite, functions kept warm): each bench user holds one
/// WebSocket through the ingress (`/ws`, token as subprotocol); tasks are created at a fixed rate, users in turn, and
/// each one's latency runs from sending its `POST` to its TaskCreated frame on the user's socket (task-crud → outbox
/// → relay → pub/sub → ws-fanout → ws-gateway → ingress → socket). Then what 900 more idle connections through the
/// ingress add to the `todofn up` process (900: the gateway admits at most 1,024 connections per client address, and
/// behind the ingress every socket comes from 127.0.0.1).
struct GatewayStackRun {
    let binDirectory: String
    /// Users, one socket each; many users keep each one's replay history (rewritten per event by ws-fanout) short.
    private let users = 64
    private let rate = 500
    private let seconds = 6

    init(binDirectory: String) {
        self.binDirectory = binDirectory
    }

    func run(into report: Report) async {
        let stack: TodofnStack
        do {
            stack = try await TodofnStack(binDirectory: binDirectory, name: "gateway", postgresURL: nil, users: users)
        } catch {
            report.failed("task change → browser socket: todofn up", error)
            return
        }
        await stack.measure("task change → browser socket", into: report) { stack in
            try await measure(stack, into: report)
        }
    }

    private func measure(_ stack: TodofnStack, into report: Report) async throws {
        let load = WebSocketLoad()
        for user in 0..<users {
            try load.open(
                1, port: stack.port, target: "/ws", extraHeaders: "Sec-WebSocket-Protocol: bearer, \(stack.tokens[user])\r\n",
                readsHello: true)
        }
        let watcher = LiveSocketWatcher(sockets: load.sockets)
        let thread = try WorkerThread(name: "bench-sockets")
        defer { thread.stop() }
        // Every user's first event also proves the gateway recorded the user's presence before the paced load.
        let users = users
        async let warmed = thread.run { try watcher.collect(prefix: "warm-", count: users, timeout: 60) }
        for user in 0..<users { try await stack.create(user: user, title: "warm-\(user)") }
        guard try await warmed.count == users else { throw BenchmarkError("warm-up tasks did not all reach their sockets") }

        let count = rate * seconds
        let sent = SendTimes(count)
        let timeout = Double(seconds) + 60
        async let arrivals = thread.run { try watcher.collect(prefix: "live-", count: count, timeout: timeout) }
        let outcome = try await PacedLoad.run(count: count, perSecond: rate, workers: 16) { slot in
            sent.times.withLock { $0[slot] = monotonicNanos() }
            try await stack.create(user: slot % users, title: "live-\(slot)")
        }
        let arrived = try await arrivals
        guard arrived.count == count else {
            throw BenchmarkError("\(count - arrived.count) of \(count) tasks never reached a socket")
        }
        let latencies = sent.times.withLock { sent in (0..<count).map { Double(arrived[$0]! &- sent[$0]) / 1e6 } }
        report.add(
            BenchmarkRow(
                name: "task change → browser socket p50 / p99 ms at \(rate)/s",
                value: "\(fixed(percentile(latencies, 50), 1)) / \(fixed(percentile(latencies, 99), 1))",
                target: "p99 ≤ 50",
                reference:
                    "\(grouped(Double(count))) creates at \(fixed(outcome.perSecond, 0))/s over \(users) sockets through todofn up, max \(fixed(latencies.max() ?? 0, 1)) ms; seed asked for 2 s"
            ))
        try ingressCost(stack, into: report)
    }

    /// The `todofn up` process's RSS before and after `extra` more idle connections through its ingress.
    private func ingressCost(_ stack: TodofnStack, into report: Report) throws {
        let before = stack.residentKiB() ?? 0
        let load = WebSocketLoad()
        let extra = 900
        try load.open(
            extra, port: stack.port, target: "/ws", extraHeaders: "Sec-WebSocket-Protocol: bearer, \(stack.tokens[0])\r\n",
            readsHello: true)
        let after = stack.residentKiB() ?? 0
        report.add(
            BenchmarkRow(
                name: "todofn up (ingress) RSS added by \(extra) idle sockets (MB)", value: fixed(Double(after - before) / 1024),
                target: "—", reference: "the ingress relays each socket to ws-gateway: two descriptors, two buffers"))
    }
}

/// When each paced task's `POST` was sent, by slot.
private final class SendTimes: Sendable {
    let times: Mutex<[UInt64]>

    init(_ count: Int) { times = Mutex([UInt64](repeating: 0, count: count)) }
}
