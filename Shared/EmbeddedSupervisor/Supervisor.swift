import EmbeddedSeams
import Glibc
import HTTPClient
import HTTPTypes
import Synchronization

/// Runs the functions of the embedded stack on demand: a function's process is started on its first request or
/// delivery (scale from zero), callers wait for its `/health/readiness`, an idle one is stopped, a crashed one is
/// restarted with exponential backoff, and its output is re-printed line by line with a `[name] ` prefix.
///
/// ```swift
/// let supervisor = try Supervisor(functions: [FunctionDefinition(name: "task-crud")])
/// try supervisor.start()
/// let response = try await supervisor.forward("task-crud", HTTPRequest(method: .get, target: "/api/tasks"))
/// await supervisor.shutdown()
/// ```
package final class Supervisor: Sendable {
    /// One function's row and live state.
    struct Slot {
        let definition: FunctionDefinition
        var process: SpawnedProcess?
        var port: Int?
        var isReady = false
        var startedAt: ContinuousClock.Instant?
        var starting: Task<Void, any Error>?
        var inFlight = 0
        /// Callers waiting for a start to finish: the function is not idle while they have not taken it yet.
        var waiting = 0
        var lastUsed = ContinuousClock.now
        var starts = 0
        var crashes = 0
        var lastCrash: ContinuousClock.Instant?
        var lastExit: Int32?
    }

    struct State {
        var slots: [String: Slot] = [:]
        /// Every child not yet reaped, by pid.
        var owners: [Int32: String] = [:]
        /// Children asked to stop (their exit is expected), by pid.
        var stopping: Set<Int32> = []
        var isShutDown = false
        var idleReaper: Task<Void, Never>?
    }

    /// The policies in force.
    package let configuration: SupervisorConfiguration
    let state: Mutex<State>
    /// One HTTP client per function, so each function's channel has transfer slots and a queue of its own, as each
    /// Dapr app has its own sidecar. With one client for all, the requests to one function could hold every slot
    /// while they wait on calls that need a slot themselves: a job trigger into reminder-fire waits on its service
    /// invocation of ws-fanout, and 16 triggers in flight left that invocation, and every delivery to every other
    /// function, queued behind them (the `make chaos` stall: audit-log idle, its deliveries dead-lettered).
    let clients: [String: HTTPClient]
    let pump: LogPump

    /// Creates a supervisor for `functions` (names must be unique; a later duplicate replaces an earlier one).
    /// - Throws: `SupervisorError` when the log pipe cannot be created.
    package init(functions: [FunctionDefinition], configuration: SupervisorConfiguration = .init()) throws(SupervisorError) {
        self.configuration = configuration
        var initial = State()
        for definition in functions { initial.slots[definition.name] = Slot(definition: definition) }
        state = Mutex(initial)
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.poolSize = max(2, configuration.connectionPoolSize)
        clientConfiguration.connectTimeout = .seconds(1)
        clientConfiguration.requestTimeout = configuration.requestTimeout
        // A client starts its thread on its first request: a function never called costs nothing.
        clients = initial.slots.mapValues { _ in HTTPClient(configuration: clientConfiguration) }
        let box = WeakSupervisor()
        pump = try LogPump(
            sink: configuration.logSink,
            onExit: { pid, status in box.value?.childExited(pid: pid, status: status) })
        box.value = self
    }

    /// Starts the log reader thread and the idle reaper. Nothing is spawned until the first request.
    /// - Throws: `SupervisorError` when the thread cannot be created.
    package func start() throws(SupervisorError) {
        try pump.start()
        guard let idle = configuration.idleTimeout else { return }
        let interval = min(max(idle / 4, .milliseconds(10)), .seconds(1))
        let reaper = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                self?.stopIdleFunctions(idleFor: idle)
            }
        }
        state.withLock { $0.idleReaper = reaper }
    }

    /// The functions in the table, sorted by name.
    package var functions: [FunctionDefinition] {
        state.withLock { $0.slots.values.map(\.definition) }.sorted { $0.name < $1.name }
    }

    /// The row for `name`, or nil.
    package func definition(_ name: String) -> FunctionDefinition? {
        state.withLock { $0.slots[name]?.definition }
    }

    /// The live state of `name`, or nil for a name not in the table.
    package func status(_ name: String) -> FunctionStatus? {
        state.withLock { state in
            state.slots[name].map {
                FunctionStatus(
                    pid: $0.process?.pid, port: $0.port, isReady: $0.isReady, inFlight: $0.inFlight, starts: $0.starts,
                    consecutiveCrashes: $0.crashes)
            }
        }
    }

    /// Starts `name` if it is not running (or starting) and waits until it is ready; returns its port.
    /// - Throws: `SupervisorError`.
    @discardableResult
    package func ensureRunning(_ name: String) async throws(SupervisorError) -> Int {
        let (port, _, _) = try await acquire(name)
        release(name)
        return port
    }

    /// Waits for a ready process, counting the caller as in flight; returns its port, app token and pid.
    package func acquire(_ name: String) async throws(SupervisorError) -> (port: Int, token: String?, pid: Int32) {
        var waited = false
        while true {
            let step = state.withLock { state -> AcquireStep in
                if waited, let waiting = state.slots[name]?.waiting { state.slots[name]?.waiting = max(0, waiting - 1) }
                waited = false
                guard !state.isShutDown else { return .failed(SupervisorError(.shutDown, "shutting down")) }
                guard var slot = state.slots[name] else {
                    return .failed(SupervisorError(.unknownFunction, "no function named \(name)"))
                }
                if slot.isReady, let port = slot.port, let pid = slot.process?.pid {
                    slot.inFlight += 1
                    slot.lastUsed = .now
                    state.slots[name] = slot
                    return .ready(port, slot.definition.appAPIToken, pid)
                }
                switch beginStart(name, &state) {
                case .success(let task):
                    // Until this caller takes the started process, the idle reaper must not stop it: on a busy
                    // machine the caller can be scheduled long after readiness.
                    state.slots[name]?.waiting += 1
                    waited = true
                    return .wait(task)
                case .failure(let error): return .failed(error)
                }
            }
            switch step {
            case .failed(let error):
                throw error
            case .ready(let port, let token, let pid):
                return (port, token, pid)
            case .wait(let task):
                do {
                    try await task.value
                } catch let error as SupervisorError {
                    release(waitingFor: name)
                    throw error
                } catch {
                    release(waitingFor: name)
                    throw SupervisorError(.notReady, "\(name): \(error)")
                }
            }
        }
    }

    /// What `acquire` does next, decided under the lock.
    private enum AcquireStep {
        case ready(Int, String?, Int32)
        case wait(Task<Void, any Error>)
        case failed(SupervisorError)
    }

    /// One caller fewer waiting for `name` to start (its start failed).
    private func release(waitingFor name: String) {
        state.withLock { state in
            if let waiting = state.slots[name]?.waiting { state.slots[name]?.waiting = max(0, waiting - 1) }
        }
    }

    /// One caller fewer in flight for `name`; its idle clock restarts now.
    package func release(_ name: String) {
        state.withLock { state in
            guard var slot = state.slots[name] else { return }
            slot.inFlight = max(0, slot.inFlight - 1)
            slot.lastUsed = .now
            state.slots[name] = slot
        }
    }

    /// The start in progress for `name`, or a new one (under the lock, so concurrent callers share one start).
    func beginStart(_ name: String, _ state: inout State) -> Result<Task<Void, any Error>, SupervisorError> {
        guard var slot = state.slots[name] else {
            return .failure(SupervisorError(.unknownFunction, "no function named \(name)"))
        }
        if let task = slot.starting { return .success(task) }
        guard slot.definition.isBuilt else {
            return .failure(
                SupervisorError(.notBuilt, "function \(name) is not built (no executable at \(slot.definition.executablePath))"))
        }
        let task = Task { [self] in try await launch(name) }
        slot.starting = task
        state.slots[name] = slot
        for companion in slot.definition.startsWith where companion != name {
            guard let other = state.slots[companion], other.process == nil, other.starting == nil else { continue }
            _ = beginStart(companion, &state)  // not awaited: its first caller waits for it as usual
        }
        return .success(task)
    }

    /// Stops every child (SIGTERM, then SIGKILL after the grace period), reaps them, and stops the log thread.
    package func shutdown() async {
        let (processes, reaper) = state.withLock { state -> ([SpawnedProcess], Task<Void, Never>?) in
            state.isShutDown = true
            var processes: [SpawnedProcess] = []
            for (name, var slot) in state.slots {
                if let process = slot.process {
                    processes.append(process)
                    state.stopping.insert(process.pid)
                }
                slot.process = nil
                slot.port = nil
                slot.isReady = false
                state.slots[name] = slot
            }
            defer { state.idleReaper = nil }
            return (processes, state.idleReaper)
        }
        reaper?.cancel()
        processes.forEach { $0.signal(SIGTERM) }
        if !(await waitForChildren(within: configuration.stopGracePeriod)) {
            let left = state.withLock { Array($0.owners.keys) }
            for pid in left { kill(pid, SIGKILL) }
            _ = await waitForChildren(within: .seconds(2))
        }
        pump.stop()
    }

    private func waitForChildren(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while state.withLock({ !$0.owners.isEmpty }) {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return true
    }
}

/// A weak reference handed to the log thread, so the pump does not keep its supervisor alive.
private final class WeakSupervisor: @unchecked Sendable {
    // @unchecked: written once in Supervisor.init before the pump's thread starts.
    weak var value: Supervisor?
}
