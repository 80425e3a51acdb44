import Glibc
import HTTPClient
import HTTPTypes
import Synchronization

extension Supervisor {
    /// Spawns `name` on a free port (after any restart backoff) and waits for its readiness probe. A process that
    /// exits while starting is tried once more on another port: the port picked may have been taken meanwhile.
    func launch(_ name: String) async throws {
        do {
            do {
                try await launchOnce(name)
            } catch  where error.message.contains(Self.exitedWhileStarting) {
                try await launchOnce(name)
            }
        } catch {
            state.withLock { $0.slots[name]?.starting = nil }
            throw error
        }
    }

    private static let exitedWhileStarting = "exited while starting"

    private func launchOnce(_ name: String) async throws(SupervisorError) {
        guard
            let (definition, delay) = state.withLock({ state in
                state.slots[name].map { ($0.definition, restartDelay($0)) }
            })
        else { throw SupervisorError(.unknownFunction, "no function named \(name)") }
        if delay > .zero { try? await Task.sleep(for: delay) }
        let port = try FreePort.pick()
        var environment = definition.environment
        environment["PORT"] = String(port)
        environment["APP_ID"] = name
        environment["HOST"] = "127.0.0.1"
        environment["TODOFN_SUPERVISOR_PID"] = String(getpid())
        let process = try SpawnedProcess.spawn(
            executable: definition.executablePath, arguments: definition.arguments, environment: environment)
        let accepted = state.withLock { state -> Bool in
            state.owners[process.pid] = name
            guard !state.isShutDown, var slot = state.slots[name] else {
                state.stopping.insert(process.pid)
                return false
            }
            slot.process = process
            slot.port = port
            slot.isReady = false
            slot.startedAt = .now
            slot.starts += 1
            state.slots[name] = slot
            return true
        }
        pump.add(process, name: name)
        guard accepted else {
            process.signal(SIGKILL)
            throw SupervisorError(.shutDown, "shutting down")
        }
        do {
            try await waitUntilReady(name, process: process, port: port)
        } catch {
            let ours = state.withLock { state -> Bool in
                guard state.slots[name]?.process?.pid == process.pid else { return false }
                state.slots[name]?.process = nil
                state.slots[name]?.port = nil
                state.slots[name]?.crashes += 1
                state.slots[name]?.lastCrash = .now
                state.stopping.insert(process.pid)
                return true
            }
            if ours { process.signal(SIGKILL) }
            throw error
        }
        state.withLock { state in
            state.slots[name]?.isReady = true
            state.slots[name]?.starting = nil
            state.slots[name]?.lastUsed = .now
        }
    }

    /// The time still to wait before restarting a function that crashed: base × 2^(crashes − 1), capped.
    private func restartDelay(_ slot: Slot) -> Duration {
        guard slot.crashes > 0, let crashed = slot.lastCrash else { return .zero }
        let factor = 1 << min(slot.crashes - 1, 20)
        let backoff = min(configuration.restartBackoff * factor, configuration.maxRestartBackoff)
        let elapsed = ContinuousClock.now - crashed
        return elapsed >= backoff ? .zero : backoff - elapsed
    }

    /// Polls `GET /health/readiness` from 200 µs apart, backing off to 1 ms (5 ms after the first 100 ms), until
    /// it answers 200.
    private func waitUntilReady(_ name: String, process: SpawnedProcess, port: Int) async throws(SupervisorError) {
        let deadline = ContinuousClock.now + configuration.readinessTimeout
        var pause = Duration.microseconds(200)
        let url = "http://127.0.0.1:\(port)/health/readiness"
        guard let client = clients[name] else { throw SupervisorError(.unknownFunction, "no function named \(name)") }
        while true {
            let (alive, exit) = state.withLock { ($0.slots[name]?.process?.pid == process.pid, $0.slots[name]?.lastExit) }
            guard alive else {
                throw SupervisorError(.notReady, "\(name) \(Self.exitedWhileStarting) (status \(exit.map(String.init) ?? "?"))")
            }
            // A 200 counts only from our child: another process (another stack's function on a port both picked)
            // names its own pid, and ours then fails to bind and exits, so it is started again on another port.
            if let response = try? await client.execute(.get, url: url, timeout: .seconds(1)), response.status.code == 200,
                response.headers["Todofn-Pid"].map({ $0 == String(process.pid) }) ?? true
            {
                return
            }
            guard ContinuousClock.now < deadline else {
                throw SupervisorError(.notReady, "\(name) did not become ready within \(configuration.readinessTimeout)")
            }
            try? await Task.sleep(for: pause)
            // At most 1 ms apart while a fast start is likely (a refused connect costs ~50 µs), then 5 ms.
            let started = deadline - configuration.readinessTimeout
            pause = min(pause * 2, ContinuousClock.now - started < .milliseconds(100) ? .milliseconds(1) : .milliseconds(5))
        }
    }

    /// Called on the log thread when a child has been reaped: an expected stop is forgotten; an unexpected exit
    /// is a crash, restarted at once (after its backoff) if requests were in flight, else on the next request.
    func childExited(pid: Int32, status: Int32) {
        let code = ExitStatus.code(status)
        let crashed = state.withLock { state -> (name: String, restartNow: Bool)? in
            let name = state.owners.removeValue(forKey: pid)
            if state.stopping.remove(pid) != nil { return nil }
            guard let name, var slot = state.slots[name], slot.process?.pid == pid else { return nil }
            let ranLong = slot.startedAt.map { ContinuousClock.now - $0 >= configuration.healthyRunTime } ?? false
            slot.crashes = ranLong ? 1 : slot.crashes + 1
            slot.lastCrash = .now
            slot.lastExit = code
            slot.process = nil
            slot.port = nil
            let wasReady = slot.isReady
            slot.isReady = false
            state.slots[name] = slot
            let keptUp = slot.definition.minScale > 0
            return (name, (keptUp || (wasReady && slot.inFlight > 0)) && !state.isShutDown)
        }
        guard let crashed else { return }
        configuration.logSink(
            crashed.name,
            "exited unexpectedly (status \(code)); restarting \(crashed.restartNow ? "now" : "on the next request")")
        if crashed.restartNow {
            let task = state.withLock { try? beginStart(crashed.name, &$0).get() }
            if let task { Task { _ = try? await task.value } }
        }
    }

    /// Starts every function whose `minScale` is 1 or more (call once the Dapr runtime they read at start is up);
    /// an exit restarts them at once (`childExited`).
    package func startAlwaysUp() {
        for definition in functions where definition.minScale > 0 {
            Task { _ = try? await ensureRunning(definition.name) }
        }
    }

    /// Stops (SIGTERM, SIGKILL after the grace period) every ready function with nothing in flight that has had
    /// no request for `idle` (never one with a `minScale`).
    func stopIdleFunctions(idleFor idle: Duration) {
        let now = ContinuousClock.now
        let idleProcesses = state.withLock { state -> [(String, SpawnedProcess)] in
            var found: [(String, SpawnedProcess)] = []
            for (name, var slot) in state.slots {
                guard slot.definition.minScale == 0, slot.isReady, slot.inFlight == 0, slot.waiting == 0, slot.starting == nil,
                    now - slot.lastUsed >= idle,
                    let process = slot.process
                else { continue }
                slot.process = nil
                slot.port = nil
                slot.isReady = false
                state.slots[name] = slot
                state.stopping.insert(process.pid)
                found.append((name, process))
            }
            return found
        }
        for (name, process) in idleProcesses {
            configuration.logSink(name, "idle for \(idle); stopping (pid \(process.pid))")
            terminate(process)
        }
    }

    /// SIGTERM now, SIGKILL if it has not exited after the grace period.
    func terminate(_ process: SpawnedProcess) {
        process.signal(SIGTERM)
        let grace = configuration.stopGracePeriod
        Task { [weak self] in
            try? await Task.sleep(for: grace)
            if self?.state.withLock({ $0.owners[process.pid] != nil }) == true { process.signal(SIGKILL) }
        }
    }
}

extension Supervisor {
    /// Stops `name` now if it is running (as an idle stop does) and returns once it has exited and been reaped.
    package func stop(_ name: String) async {
        let process = state.withLock { state -> SpawnedProcess? in
            guard var slot = state.slots[name], let process = slot.process else { return nil }
            slot.process = nil
            slot.port = nil
            slot.isReady = false
            state.slots[name] = slot
            state.stopping.insert(process.pid)
            return process
        }
        guard let process else { return }
        terminate(process)
        while state.withLock({ $0.owners[process.pid] != nil }) { try? await Task.sleep(for: .milliseconds(1)) }
    }
}
