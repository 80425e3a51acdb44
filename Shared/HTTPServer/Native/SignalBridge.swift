internal import CLinux
import Glibc
import Synchronization

/// The eventfd the signal handler writes to; set before the handler is installed (async-signal-safe use only).
nonisolated(unsafe) private var signalWakeFD: Int32 = -1

/// Turns SIGTERM and SIGINT into a call on a dedicated thread: a `sigaction` handler writes to an eventfd,
/// and a thread blocked reading it calls `onSignal` (never on the cooperative pool, never on the main actor).
/// The corresponding C functions are `sigaction` and `eventfd_write`.
final class SignalBridge: Sendable {
    private let wakeup: EventFD
    private let stopping = Atomic<Bool>(false)
    private let previous: Mutex<[Int32: sigaction]>

    private init(wakeup: EventFD) {
        self.wakeup = wakeup
        previous = Mutex([:])
    }

    /// Installs handlers for SIGTERM and SIGINT and starts the waiting thread.
    static func install(_ onSignal: @escaping @Sendable () -> Void) throws(HTTPServerError) -> SignalBridge {
        let bridge = SignalBridge(wakeup: try EventFD(blocking: true))
        signalWakeFD = bridge.wakeup.fd
        var saved: [Int32: sigaction] = [:]
        for signal in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in _ = eventfd_write(signalWakeFD, 1) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(SA_RESTART)
            var old = sigaction()
            sigaction(signal, &action, &old)
            saved[signal] = old
        }
        bridge.previous.withLock { $0 = saved }
        _ = try NativeThread.spawn(name: "http-signals", detached: true) {
            var value: eventfd_t = 0
            while !bridge.stopping.load(ordering: .acquiring) {
                guard eventfd_read(bridge.wakeup.fd, &value) == 0 else { continue }
                if bridge.stopping.load(ordering: .acquiring) { break }
                onSignal()
            }
        }
        return bridge
    }

    /// Restores the previous handlers and lets the thread end.
    func uninstall() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        previous.withLock { saved in
            for (signal, action) in saved {
                var old = action
                sigaction(signal, &old, nil)
            }
        }
        wakeup.signal()
    }
}
