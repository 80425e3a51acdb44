import HTTPTypes

/// One accepted socket: reads and parses requests one at a time (so pipelined responses keep their order),
/// hands each to the responder on its loop, writes the response with backpressure, enforces the timeouts.
final class Connection: @unchecked Sendable {
    // @unchecked Sendable: every method runs on `loop`'s thread; `complete` hops there if called elsewhere.
    enum State {
        case waiting, inFlight, draining, upgraded, closed
    }

    enum Phase {
        case fresh, idle, head, body
    }

    let fd: Int32
    /// The peer's address, counted against the per-client limit until the connection is removed.
    let client: ClientAddress?
    // Strong on purpose: a handler task may outlive the loop's run; the cycle breaks when the loop removes the connection.
    let loop: EventLoop
    let parser: HTTPRequestParser
    /// Unparsed bytes from `inputStart` on (an offset, so pipelined requests are not copied once per request).
    var input: [UInt8] = []
    var inputStart = 0
    var output = OutputQueue()
    private var mayRead = true
    /// epoll reported the peer's FIN: read to the end, since a short read no longer means "drained".
    private var hangupSeen = false
    var state = State.waiting
    var phase = Phase.fresh
    /// When the current phase times out, on the loop clock; 0 for never.
    var deadline: UInt64
    var closeAfterFlush = false
    private var peerClosed = false
    private var drainedBytes = 0
    private var requestIsHead = false
    private var requestIsHTTP10 = false
    var requestKeepAlive = true
    private var resetParserAfterResponse = false
    var channel: UpgradedConnection?

    init(fd: Int32, loop: EventLoop, client: ClientAddress? = nil) {
        self.fd = fd
        self.client = client
        self.loop = loop
        parser = HTTPRequestParser(limits: loop.context.configuration.parserLimits)
        deadline = loop.now + loop.context.headTimeout
    }

    var outputIsFull: Bool { output.pendingBytes >= loop.context.configuration.maxPendingOutputBytes }

    /// Reacts to readiness reported by epoll.
    func handle(_ flags: EpollSelector.Flags) {
        // EPOLLHUP: both directions are gone (reset or full close), so no response can be delivered; a peer that
        // only half-closed (HTTP/1.0 style) raises RDHUP instead and still gets its answer.
        if flags.contains(.error) || (flags.contains(.hangup) && state == .inFlight) {
            close()
            return
        }
        if flags.contains(.writable) { writable() }
        if !flags.isDisjoint(with: [.readable, .readHangup, .hangup]) {
            if !flags.isDisjoint(with: [.readHangup, .hangup]) { hangupSeen = true }
            mayRead = true
            readAvailable()
        }
    }

    func readAvailable() {
        while mayRead {
            switch state {
            case .inFlight, .closed: return
            case .waiting where outputIsFull || closeAfterFlush: return
            case .upgraded where channel?.wantsInput == false: return
            default: break
            }
            let buffer = loop.readBuffer
            switch Socket.read(fd, into: buffer) {
            case .bytes(let count):
                // Edge-triggered: a short read drained the socket, and new data raises a new edge.
                if count < buffer.count && !hangupSeen { mayRead = false }
                received(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            case .wouldBlock:
                mayRead = false
            case .closed:
                mayRead = false
                endOfInput()
            case .failed:
                close()
            }
        }
    }

    private func received(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .waiting:
            if input.isEmpty {
                let consumed = process(bytes)
                if consumed < bytes.count { keep(Array(UnsafeRawBufferPointer(rebasing: bytes[consumed...]))) }
            } else {
                if inputStart > 0 {
                    input.removeFirst(inputStart)
                    inputStart = 0
                }
                input.append(contentsOf: bytes)
                processInput()
            }
        case .draining:
            drainedBytes += bytes.count
            if drainedBytes > 1 << 20 { close() }
        case .upgraded:
            channel?.received(bytes)
        case .inFlight, .closed:
            break
        }
    }

    private func processInput() {
        guard !input.isEmpty else { return }
        // Parse from a local reference: `process` may clear `input` (close) while the bytes are borrowed.
        let pending = input
        let start = inputStart
        input = []
        inputStart = 0
        let consumed = pending.withUnsafeBytes { process(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        if start + consumed < pending.count { keep(pending, from: start + consumed) }
    }

    /// Keeps bytes that follow the request being handled; after an upgrade they belong to the new protocol.
    /// Whether an upgraded connection is sending its last bytes before closing.
    var isFinishing: Bool { state == .upgraded && closeAfterFlush }

    /// Upgraded connections: queues `bytes` (a close frame) as the last output; the socket closes once they are
    /// sent, or after the head timeout if the peer does not read them (a slow reader's close frame waits behind
    /// up to the output threshold of data).
    func finish(with bytes: [UInt8]) {
        guard state == .upgraded, !closeAfterFlush else { return }
        output.append(bytes)
        closeAfterFlush = true
        deadline = loop.now + loop.context.headTimeout
        flush()
    }

    /// Takes the bytes received after the request in flight (they belong to the upgraded protocol).
    func takeBufferedInput() -> [UInt8] {
        defer {
            input = []
            inputStart = 0
        }
        return inputStart == 0 ? input : Array(input[inputStart...])
    }

    private func keep(_ rest: [UInt8], from start: Int = 0) {
        switch state {
        case .upgraded: rest.withUnsafeBytes { channel?.received(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        case .closed, .draining: break
        default:
            input = rest
            inputStart = start
        }
    }

    /// Parses requests from `bytes` while the connection can take one; returns the bytes consumed.
    private func process(_ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        parsing: while offset < bytes.count && state == .waiting && !closeAfterFlush && !outputIsFull {
            let (consumed, event) = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            offset += consumed
            switch event {
            case .needMoreData:
                if consumed == 0 { break parsing }
            case .expectsContinue:
                output.append(ResponseWriter.continueBytes)
                flush()
            case .request(let parsed):
                dispatch(parsed)
            case .failure(let error):
                fail(error.status, error.message)
                break parsing
            }
        }
        if state == .waiting && !closeAfterFlush { updatePhase() }
        return offset
    }

    private func dispatch(_ parsed: HTTPRequestParser.ParsedRequest) {
        let request = parsed.request
        state = .inFlight
        deadline = 0
        requestIsHead = request.method == .head
        requestIsHTTP10 = request.version.major == 1 && request.version.minor == 0
        requestKeepAlive = parsed.keepAlive && !loop.isShuttingDown
        if parsed.isUpgrade {
            resetParserAfterResponse = true
            if let upgrader = loop.context.upgrader {
                Task(executorPreference: loop) {
                    let decision = await upgrader.upgrade(request)
                    self.upgradeDecided(decision, request: request)
                }
                return
            }
        }
        respond(to: request)
    }

    /// Hands `request` to the responder; its response is written by `complete`.
    func respond(to request: HTTPRequest) {
        let responder = loop.context.responder
        Task(executorPreference: loop) {
            let response = await responder.respond(to: request)
            self.complete(response)
        }
    }

    /// Writes the response to the request in flight, then goes on with the next one.
    func complete(_ response: HTTPResponse) {
        guard loop.inLoop else {
            // After the loop has exited (grace period over) the socket is closed: drop the response.
            if !loop.hasFinished { loop.execute { self.complete(response) } }
            return
        }
        guard state == .inFlight else { return }
        let keepAlive = requestKeepAlive && !peerClosed && !loop.isShuttingDown && !ResponseWriter.asksToClose(response)
        let (head, body) = ResponseWriter.serialize(
            response, isHead: requestIsHead, keepAlive: keepAlive, http10: requestIsHTTP10, dateLine: loop.dateLine)
        output.append(head)
        if let body { output.append(body) }
        state = .waiting
        closeAfterFlush = !keepAlive
        if resetParserAfterResponse {
            resetParserAfterResponse = false
            parser.reset()
        }
        phase = .idle
        deadline = loop.now + loop.context.idleTimeout
        flush()
        resume()
    }

    /// Goes on parsing buffered input and reading, unless output is backed up or the connection is done.
    func resume() {
        guard state == .waiting, !closeAfterFlush, !outputIsFull else { return }
        processInput()
        readAvailable()
    }

    private func endOfInput() {
        peerClosed = true
        switch state {
        case .waiting where !parser.isMidRequest && !output.isEmpty:
            closeAfterFlush = true
        case .inFlight:
            requestKeepAlive = false
        case .upgraded:
            channel?.received(nil)
        default:
            close()
        }
    }
}
