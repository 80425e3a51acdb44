internal import CCurl
import Glibc
import HTTPTypes

/// The body of a `TransferLoop`'s thread: starts queued requests on reused easy handles, drives them with one
/// multi handle, and completes each request from this thread when libcurl reports it done.
///
/// Not `Sendable`: it lives and dies on the loop thread.
final class CurlMultiDriver {
    private let multi: CurlMultiHandle
    /// Transfers in the multi handle (at most the loop's `maxTransfers`, so a linear search is cheap).
    private var running: [CurlTransfer] = []
    /// Easy handles between transfers, reused so that each keeps its buffers (no more than ever ran at once).
    private var idle: [CurlEasyHandle] = []

    /// Creates a driver for `multi`.
    init(multi: CurlMultiHandle) { self.multi = multi }

    /// Runs transfers until `loop` is closed and has nothing left; then returns (and the thread exits).
    func run(_ loop: TransferLoop) {
        while let work = loop.nextWork(running: running.count) {
            for request in work.aborts { abort(request) }
            for request in work.requests { start(request) }
            guard !running.isEmpty else {
                loop.sleep(running: 0) { poll(timeoutMilliseconds: 60_000) }
                continue
            }
            do {
                try multi.perform()
            } catch {
                failAll(error)
                continue
            }
            // A finished transfer frees a slot: look for queued work before sleeping.
            if !collectCompletions() {
                loop.sleep(running: running.count) { poll(timeoutMilliseconds: 1000) }
            }
        }
    }

    /// Sets up an easy handle for `request` and adds it to the multi handle, or completes the request at once.
    private func start(_ request: PendingRequest) {
        if request.isCancelled {
            request.complete(.failure(CancellationError()))
            return
        }
        let easy: CurlEasyHandle
        do throws(HTTPClientError) {
            if let reused = idle.popLast() { easy = reused } else { easy = try CurlEasyHandle() }
        } catch {
            request.complete(.failure(error))
            return
        }
        do throws(HTTPClientError) {
            let transfer = try easy.prepare(request)
            try multi.add(easy)
            running.append(transfer)
        } catch {
            idle.append(easy)
            request.complete(.failure(error))
        }
    }

    /// Completes every transfer libcurl reports done. - Returns: whether there was any.
    private func collectCompletions() -> Bool {
        var any = false
        while let (handle, code) = multi.nextCompletion() {
            guard let index = running.firstIndex(where: { $0.easy.handle == handle }) else { continue }
            let transfer = running.remove(at: index)
            multi.remove(transfer.easy)
            idle.append(transfer.easy)
            transfer.request.complete(transfer.easy.result(of: transfer, code: code))
            any = true
        }
        return any
    }

    /// Stops a running transfer at once (its connection is closed) and answers `CancellationError`.
    private func abort(_ request: PendingRequest) {
        guard let index = running.firstIndex(where: { $0.request === request }) else { return }  // already answered
        let transfer = running.remove(at: index)
        multi.remove(transfer.easy)
        idle.append(transfer.easy)
        request.complete(.failure(CancellationError()))
    }

    /// Fails every running transfer after the multi handle itself failed.
    private func failAll(_ error: HTTPClientError) {
        for transfer in running {
            multi.remove(transfer.easy)
            idle.append(transfer.easy)
            transfer.request.complete(.failure(error))
        }
        running.removeAll()
    }

    private func poll(timeoutMilliseconds: Int32) {
        do {
            try multi.poll(timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            // Not expected; a short pause keeps a persistent failure from spinning the thread.
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
        }
    }
}

@available(*, unavailable) extension CurlMultiDriver: Sendable {}
