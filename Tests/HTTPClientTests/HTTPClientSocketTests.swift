import Glibc
import HTTPClient
import HTTPTypes
import Testing

@Suite("HTTPClient's sockets")
struct HTTPClientSocketTests {
    @Test("a kept-alive connection is close-on-exec, so a child process spawned meanwhile cannot hold it open")
    func closeOnExec() async throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.close() }
        #expect(try await client.execute(.get, url: server.url("/echo")).status == .ok)
        let sockets = Self.connectedSockets(toPort: server.port)
        #expect(sockets.count == 1)
        for fd in sockets { #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0) }
    }

    /// This process's descriptors whose peer is 127.0.0.1:`port` (the client's ends, not the server's).
    private static func connectedSockets(toPort port: Int) -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        var found: [Int32] = []
        while let entry = readdir(directory) {
            let name = String(
                cString: UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                    .assumingMemoryBound(to: CChar.self))
            guard let fd = Int32(name) else { continue }
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let peer = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
            }
            if peer == 0, address.sin_family == sa_family_t(AF_INET), Int(UInt16(bigEndian: address.sin_port)) == port {
                found.append(fd)
            }
        }
        return found
    }
}
