import Glibc
import Synchronization

/// Picks a free TCP port on 127.0.0.1 for a server that binds it a moment later.
///
/// Ports come from below the kernel's ephemeral range (`/proc/sys/net/ipv4/ip_local_port_range`, 32768–60999 by
/// default), tried at random until one binds: the ephemeral range is where every outgoing connection on the machine
/// takes its local port, so a port picked there (as `bind` to port 0 does) can be taken by some client's connection
/// before the server binds it. Only when that range leaves too little room below it is port 0 used.
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

    /// Lowest port handed out: clear of the well-known and most registered services' ports.
    private static let lowest = 20_000

    /// The first port of the kernel's ephemeral range (the default when it cannot be read).
    private static let ephemeralStart: Int = {
        guard let file = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r") else { return 32_768 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, Int32(line.count), file) != nil else { return 32_768 }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) } ?? 32_768
    }()

    private static func bindAny() throws(SupervisorError) -> Int {
        if ephemeralStart - lowest >= 1_000 {
            for _ in 0..<64 {
                let port = Int.random(in: lowest..<ephemeralStart)
                if (try? bind(port: port)) != nil { return port }
            }
        }
        return try bind(port: 0)
    }

    /// Binds `port` (0: any) on 127.0.0.1 and returns the port bound, closing the socket again.
    private static func bind(port: Int) throws(SupervisorError) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SupervisorError(.spawnFailed, "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                Glibc.bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw SupervisorError(.spawnFailed, "bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
