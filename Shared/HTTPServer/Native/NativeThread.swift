internal import CLinux
import Glibc

/// A plain pthread for the event loops and the signal bridge, off Swift's cooperative pool.
/// The corresponding C functions are `pthread_create` and `pthread_join`.
final class NativeThread: @unchecked Sendable {
    // Sendable: the handle is written once in `spawn` before it is shared.
    private var handle: pthread_t = 0

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread.
    /// - Parameter detached: whether the thread cleans up after itself (then `join` must not be called).
    @discardableResult
    /// - Parameter name: the thread's name as `ps -L` and `/proc/thread-self/comm` show it (15 bytes at most).
    static func spawn(
        name: String, detached: Bool = false, _ body: @escaping @Sendable () -> Void
    ) throws(HTTPServerError) -> NativeThread {
        let thread = NativeThread()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let result = pthread_create(
            &thread.handle, nil,
            { argument in
                guard let argument else { return nil }
                let box = Unmanaged<Box>.fromOpaque(argument).takeRetainedValue()
                box.body()
                return nil
            }, box)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw HTTPServerError(.systemFailure, "pthread_create: \(Socket.errnoText(result))")
        }
        _ = pthread_setname_np(thread.handle, String(name.utf8.prefix(15)) ?? "thread")
        if detached { pthread_detach(thread.handle) }
        return thread
    }

    /// Waits for the thread to finish.
    func join() { pthread_join(handle, nil) }

    /// An id of the calling thread, comparable with `==`.
    static var currentID: UInt { UInt(pthread_self()) }
}
