import Dispatch
import Glibc

/// Waits for Ctrl-C (SIGINT) or SIGTERM without blocking a thread of the cooperative pool: the signals are set
/// to ignored and watched by dispatch sources on a private serial queue.
final class ShutdownSignal: @unchecked Sendable {
    // @unchecked: `continuation` and `fired` are touched only on `queue`; `sources` only in init.
    private let queue = DispatchQueue(label: "todofn.signals")
    private var sources: [any DispatchSourceSignal] = []
    private var continuation: CheckedContinuation<Void, Never>?
    private var fired = false

    /// Starts watching SIGINT and SIGTERM.
    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                fired = true
                continuation?.resume()
                continuation = nil
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns once a signal has arrived (at once if one already has).
    func wait() async {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                if fired { continuation.resume() } else { self.continuation = continuation }
            }
        }
    }

    deinit { sources.forEach { $0.cancel() } }
}
