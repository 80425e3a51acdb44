import HTTPTypes
import Synchronization

/// One epoll loop on its own thread, watching the server's shared listener (EPOLLEXCLUSIVE, so one idle loop
/// wakes per new connection), and a Swift `TaskExecutor`: jobs enqueued from its own thread run
/// between `epoll_wait` calls with no thread hop; other threads queue them and wake it through an eventfd.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: everything but `remote` and `threadID` is touched only on the loop thread;
    // other threads reach the loop only through `enqueue` and `execute`, which lock `remote`.
    private enum Work: Sendable {
        case job(UnownedJob)
        case closure(@Sendable () -> Void)
    }

    private struct Remote {
        var work: [Work] = []
        var sleeping = false
        var finished = false
    }

    let context: ServerContext
    let readBuffer: UnsafeMutableRawBufferPointer
    private let selector: EpollSelector
    private let wakeup: EventFD
    private var listenFD: Int32
    private var connections: [Connection?] = []
    private var connectionCount = 0
    /// Every loop of the server (this one too), set before the threads start: a new connection goes to the least
    /// loaded one. Cleared when the loop finishes.
    var peers: [EventLoop] = []
    /// Connections this loop owns or is about to adopt; read by the other loops when they accept.
    let load = Atomic<Int>(0)
    private var local: [Work] = []
    private let remote = Mutex(Remote())
    private let threadID = Atomic<UInt>(0)
    private var nextSweep: UInt64 = 0
    private var shutdownDeadline: UInt64?
    private var listenerPaused = false
    private var dateSecond = 0
    /// The loop's clock, read once per iteration.
    private(set) var now: UInt64
    /// The cached `Date: …\r\n` header line.
    private(set) var dateLine: [UInt8] = []

    /// Whether the loop stops taking new requests.
    var isShuttingDown: Bool { shutdownDeadline != nil }

    init(context: ServerContext, listenFD: Int32) throws(HTTPServerError) {
        self.context = context
        self.listenFD = listenFD
        selector = try EpollSelector()
        wakeup = try EventFD()
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        now = SystemInfo.monotonicNanoseconds()
        selector.add(wakeup.fd, [.readable])
        selector.add(listenFD, [.readable, .exclusive])
        refreshDate()
    }

    deinit { readBuffer.deallocate() }

    /// Whether the caller runs on this loop's thread.
    var inLoop: Bool { threadID.load(ordering: .relaxed) == NativeThread.currentID }

    /// Whether the loop thread has exited; work submitted from now on runs on the submitting thread.
    var hasFinished: Bool { remote.withLock { $0.finished } }

    func enqueue(_ job: consuming ExecutorJob) {
        submit(.job(UnownedJob(job)))
    }

    /// Runs `body` on the loop thread: now if already there (after the current event), else soon.
    func execute(_ body: @escaping @Sendable () -> Void) {
        submit(.closure(body))
    }

    private func submit(_ work: Work) {
        if inLoop {
            local.append(work)
            return
        }
        let (wake, finished) = remote.withLock { remote -> (Bool, Bool) in
            if remote.finished { return (false, true) }
            remote.work.append(work)
            let wake = remote.sleeping
            remote.sleeping = false
            return (wake, false)
        }
        if finished {
            // The loop has exited (a handler outlived the grace period): run the job here rather than lose it.
            run(work)
        } else if wake {
            wakeup.signal()
        }
    }

    private func run(_ work: Work) {
        switch work {
        case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
        case .closure(let body): body()
        }
    }

    /// The loop; returns after shutdown once every connection is gone or the grace period ended.
    func run() {
        threadID.store(NativeThread.currentID, ordering: .releasing)
        while true {
            let idle = local.isEmpty
            let incoming = remote.withLock { remote -> [Work] in
                let taken = remote.work
                remote.work.removeAll()
                remote.sleeping = idle && taken.isEmpty
                return taken
            }
            local.append(contentsOf: incoming)
            let timeout: Int32 = local.isEmpty ? Int32(context.tick / 1_000_000) : 0
            selector.wait(timeout: timeout) { fd, flags in handle(fd, flags) }
            now = SystemInfo.monotonicNanoseconds()
            runLocalWork()
            if now >= nextSweep { sweep() }
            if let deadline = shutdownDeadline, connectionCount == 0 || now >= deadline { break }
        }
        finish()
    }

    private func handle(_ fd: Int32, _ flags: EpollSelector.Flags) {
        if fd == wakeup.fd {
            wakeup.drain()
        } else if fd == listenFD {
            acceptConnections()
        } else if Int(fd) < connections.count, let connection = connections[Int(fd)] {
            connection.handle(flags)
        }
    }

    private func runLocalWork() {
        var rounds = 0
        while !local.isEmpty && rounds < 4 {
            let batch = local
            local.removeAll(keepingCapacity: true)
            for work in batch { run(work) }
            rounds += 1
        }
    }

    private func acceptConnections() {
        for _ in 0..<128 {
            guard listenFD >= 0 else { return }
            let fd: Int32
            let client: ClientAddress?
            switch Socket.accept(listenFD) {
            case .accepted(let accepted, let address): (fd, client) = (accepted, address)
            case .none: return
            case .exhausted:
                // Out of descriptors: the level-triggered listener would wake us at once, forever. Ignore it
                // until the next tick, when closed connections may have freed some.
                selector.remove(listenFD)
                listenerPaused = true
                return
            }
            if let refusal = context.admission.admit(fd, from: client) {
                ConnectionAdmission.refuse(fd, refusal)
                Socket.close(fd)
                continue
            }
            let owner = leastLoaded()
            owner.load.add(1, ordering: .relaxed)
            if owner === self {
                register(fd, client: client)
            } else {
                owner.execute { owner.adopt(fd, client: client) }
            }
        }
    }

    /// This loop, unless another one owns at least `balanceMargin` fewer connections: with one shared listener
    /// the kernel wakes the same idle loop for most new connections, and long-lived ones (WebSockets) would then all
    /// sit on one thread, so a fan-out to them would use one core.
    private func leastLoaded() -> EventLoop {
        let own = load.load(ordering: .relaxed)
        var best = self
        var bestLoad = own
        for peer in peers where peer !== self {
            let other = peer.load.load(ordering: .relaxed)
            if other < bestLoad {
                best = peer
                bestLoad = other
            }
        }
        return bestLoad + Self.balanceMargin <= own ? best : self
    }

    /// How many connections fewer another loop must own to be handed a new one.
    static let balanceMargin = 4

    /// Takes a connection another loop accepted for this one; closes it if this loop is stopping.
    private func adopt(_ fd: Int32, client: ClientAddress?) {
        guard inLoop, !isShuttingDown else {
            load.subtract(1, ordering: .relaxed)
            context.admission.release(client)
            Socket.close(fd)
            return
        }
        register(fd, client: client)
    }

    private func register(_ fd: Int32, client: ClientAddress?) {
        let connection = Connection(fd: fd, loop: self, client: client)
        let index = Int(fd)
        if index >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: index + 1 - connections.count + 64))
        }
        connections[index] = connection
        connectionCount += 1
        context.activeConnections.add(1, ordering: .relaxed)
        selector.add(fd, [.readable, .writable, .readHangup, .edgeTriggered])
    }

    /// Forgets and closes a connection's descriptor.
    func remove(_ connection: Connection) {
        let index = Int(connection.fd)
        guard index < connections.count, connections[index] === connection else { return }
        connections[index] = nil
        connectionCount -= 1
        load.subtract(1, ordering: .relaxed)
        context.activeConnections.subtract(1, ordering: .relaxed)
        context.admission.release(connection.client)
        Socket.close(connection.fd)
    }

    private func sweep() {
        nextSweep = now + context.tick
        refreshDate()
        if listenerPaused && listenFD >= 0 {
            listenerPaused = false
            selector.add(listenFD, [.readable, .exclusive])
        }
        for case let connection? in connections where connection.deadline != 0 && connection.deadline <= now {
            connection.timedOut()
        }
    }

    private func refreshDate() {
        let second = SystemInfo.wallSeconds()
        guard second != dateSecond else { return }
        dateSecond = second
        dateLine = Array("Date: \(SystemInfo.httpDate(second))\r\n".utf8)
    }

    /// Stops accepting, closes idle connections and lets busy ones finish until `grace` has passed.
    func beginShutdown(grace: UInt64) {
        guard shutdownDeadline == nil else { return }
        shutdownDeadline = now + grace
        stopWatchingListener()
        for case let connection? in connections { connection.shutdownRequested() }
    }

    private func stopWatchingListener() {
        guard listenFD >= 0 else { return }
        selector.remove(listenFD)
        listenFD = -1
        context.releaseListener()
    }

    private func finish() {
        for case let connection? in connections { connection.close() }
        stopWatchingListener()
        runLocalWork()
        let leftover = remote.withLock { remote -> [Work] in
            remote.finished = true
            let taken = remote.work
            remote.work.removeAll()
            return taken
        }
        threadID.store(0, ordering: .releasing)
        peers = []
        for work in local + leftover { run(work) }
        local.removeAll()
    }
}
