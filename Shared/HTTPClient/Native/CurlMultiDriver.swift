internal import CCurl
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
            // Block only when no request waits for the thread; otherwise just do the I/O that is ready.
            var slept = false
            loop.sleep(running: running.count) {
                slept = true
                drive(timeoutMilliseconds: running.isEmpty ? 60_000 : 1000)
            }
            if !slept { drive(timeoutMilliseconds: 0) }
            collectCompletions()
        }
    }

    /// Sets up an easy handle for `request` and adds it to the multi handle, or completes the request at once.
    private func start(_ request: PendingRequest) {
        if request.isCancelled {
            request.complete(.failure(CancellationError()))
            return
        }
        if request.deadline <= .now {
            request.complete(.failure(request.queueTimeout))
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

    /// Completes every transfer libcurl reports done.
    private func collectCompletions() {
        while let (handle, code) = multi.nextCompletion() {
            guard let index = running.firstIndex(where: { $0.easy.handle == handle }) else { continue }
            let transfer = running.remove(at: index)
            multi.remove(transfer.easy)
            idle.append(transfer.easy)
            transfer.request.complete(transfer.easy.result(of: transfer, code: code))
        }
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

    private func drive(timeoutMilliseconds: Int32) {
        do {
            try multi.drive(timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            failAll(error)  // not expected: the multi handle itself failed
        }
    }
}

@available(*, unavailable) extension CurlMultiDriver: Sendable {}
