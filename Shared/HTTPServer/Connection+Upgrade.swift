import HTTPTypes

extension Connection {
    /// Sends the upgrader's response and hands the socket to it.
    func beginUpgrade(_ response: HTTPResponse, request: HTTPRequest, upgrader: any HTTPUpgrader) {
        let (head, body) = ResponseWriter.serialize(
            response, isHead: false, keepAlive: true, http10: false, dateLine: loop.dateLine)
        let channel = UpgradedConnection(connection: self)
        self.channel = channel
        setUpgraded(response: head, body: body)
        Task(executorPreference: loop) {
            await upgrader.run(channel, request: request)
            channel.close()
        }
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
        output.append(bytes)
        flush()
        return output.pendingBytes
    }
}
