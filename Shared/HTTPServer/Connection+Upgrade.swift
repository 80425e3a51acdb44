import HTTPTypes

extension Connection {
    /// Acts on an upgrader's decision for the request in flight (hopping to the loop if needed).
    func upgradeDecided(_ decision: HTTPUpgrade?, request: HTTPRequest) {
        guard loop.inLoop else {
            if loop.hasFinished {
                if case .accept(_, let run) = decision { Self.runDetached(run, on: self) }
            } else {
                loop.execute { self.upgradeDecided(decision, request: request) }
            }
            return
        }
        switch decision {
        case .accept(let response, let run):
            guard state == .inFlight else {
                Self.runDetached(run, on: self)
                return
            }
            beginUpgrade(response, run: run)
        case .refuse(let response):
            complete(response)
        case nil:
            guard state == .inFlight else { return }
            respond(to: request)
        }
    }

    /// Sends the upgrader's response and hands the socket to it.
    private func beginUpgrade(_ response: HTTPResponse, run: @escaping @Sendable (UpgradedConnection) async -> Void) {
        let (head, body) = ResponseWriter.serialize(
            response, isHead: false, keepAlive: true, http10: false, dateLine: loop.dateLine)
        let channel = UpgradedConnection(connection: self)
        self.channel = channel
        let early = takeBufferedInput()
        if !early.isEmpty { channel.prepend(early) }
        setUpgraded(response: head, body: body)
        Task(executorPreference: loop) {
            await run(channel)
            channel.close()
        }
        readAvailable()
    }

    /// Runs an accepted upgrade whose client is already gone, so what the decision opened is released.
    private static func runDetached(_ run: @escaping @Sendable (UpgradedConnection) async -> Void, on connection: Connection) {
        let channel = UpgradedConnection(connection: connection)
        channel.connectionClosed()
        Task { await run(channel) }
    }

    /// Switches to raw bytes: sends the upgrade response; the upgrader's channel gets all further input.
    func setUpgraded(response head: [UInt8], body: [UInt8]?) {
        state = .upgraded
        deadline = 0
        output.append(head)
        if let body { output.append(body) }
        flush()
    }

    /// Reads again once an upgraded connection's reader has taken buffered bytes.
    func readMoreIfWanted() {
        if state == .upgraded { readAvailable() }
    }

    /// Queues bytes for sending (upgraded connections) and tries to send them.
    func write(_ bytes: [UInt8]) -> Int {
        flushed(output.write(bytes, to: fd))
        return output.pendingBytes
    }
}
