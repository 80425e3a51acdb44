import Glibc
import Synchronization

/// Picks a free TCP port on 127.0.0.1 by binding port 0 and reading the port back (`bind`, `getsockname`).
package enum FreePort {
    /// Ports handed out recently, so two functions starting at once never get the same one.
    private static let recent = Mutex<[Int: ContinuousClock.Instant]>([:])

    /// A port that was free a moment ago and was not handed out in the last 30 seconds.
    /// - Throws: `SupervisorError` with code `spawnFailed` when no socket can be bound.
    package static func pick() throws(SupervisorError) -> Int {
        for _ in 0..<8 {
            let port = try bindAny()
            let fresh = recent.withLock { recent -> Bool in
                let now = ContinuousClock.now
                recent = recent.filter { now - $0.value < .seconds(30) }
                guard recent[port] == nil else { return false }
                recent[port] = now
                return true
            }
            if fresh { return port }
        }
        return try bindAny()
    }

    private static func bindAny() throws(SupervisorError) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SupervisorError(.spawnFailed, "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw SupervisorError(.spawnFailed, "bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
