import Glibc
import Synchronization

/// Decides, for each accepted socket, whether the server keeps it (issue 11: one client holding 11,000 idle
/// connections starved the API, and a server out of descriptors failed `accept` in a loop):
/// - at most `maxConnectionsPerClient` open connections per source address (0: no limit);
/// - never more than the descriptor limit minus `reservedDescriptors`, so the process keeps descriptors for its
///   own work (database connections, outbound HTTP, files) and can always accept, answer 503 and close.
///
/// A refused connection gets a `503` with a JSON error and `Connection: close`, written once without waiting.
final class ConnectionAdmission: Sendable {
    private let perClient: Int
    private let descriptorCeiling: Int
    private let open = Mutex<[ClientAddress: Int]>([:])

    /// Why a connection was refused.
    enum Refusal {
        case clientLimit, descriptorReserve
    }

    init(configuration: HTTPServerConfiguration) {
        perClient = max(0, configuration.maxConnectionsPerClient)
        DescriptorLimit.raiseToHard()
        descriptorCeiling = max(16, DescriptorLimit.current - max(0, configuration.reservedDescriptors))
    }

    /// Admits `fd` from `client`, counting it, or says why not (the caller answers and closes).
    func admit(_ fd: Int32, from client: ClientAddress?) -> Refusal? {
        // Descriptors are handed out lowest first, so the number is a cheap measure of how many are open.
        if Int(fd) >= descriptorCeiling { return .descriptorReserve }
        guard perClient > 0, let client else { return nil }
        return open.withLock { open in
            let count = open[client, default: 0]
            guard count < perClient else { return .clientLimit }
            open[client] = count + 1
            return nil
        }
    }

    /// Forgets one admitted connection of `client`.
    func release(_ client: ClientAddress?) {
        guard perClient > 0, let client else { return }
        open.withLock { open in
            guard let count = open[client] else { return }
            open[client] = count > 1 ? count - 1 : nil
        }
    }

    /// Writes the refusal (best effort: a non-blocking socket takes this small answer whole or not at all).
    static func refuse(_ fd: Int32, _ refusal: Refusal) {
        let message =
            switch refusal {
            case .clientLimit: "too many connections from this address"
            case .descriptorReserve: "the server is at its connection limit"
            }
        let body = #"{"error":{"message":"\#(message)"}}"#
        let response =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\nRetry-After: 1\r\n\r\n\(body)"
        var bytes = Array(response.utf8)
        _ = bytes.withUnsafeMutableBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}

/// A peer's IP address (port left out), the unit of the per-client limit.
struct ClientAddress: Hashable, Sendable {
    /// 4 bytes for IPv4 (also IPv4-mapped IPv6), 16 for IPv6.
    let bytes: [UInt8]

    /// The address of a `sockaddr_storage` filled by `accept4`, or nil for another family.
    init?(_ storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }.sin_addr.s_addr
            bytes = withUnsafeBytes(of: address) { Array($0) }
        case AF_INET6:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }.sin6_addr
            let raw = withUnsafeBytes(of: address) { Array($0) }
            let mapped = raw[0..<10].allSatisfy { $0 == 0 } && raw[10] == 0xFF && raw[11] == 0xFF
            bytes = mapped ? Array(raw[12...]) : raw
        default:
            return nil
        }
    }
}

/// The process's open-descriptor limit (`RLIMIT_NOFILE`).
enum DescriptorLimit {
    /// The soft limit now.
    static var current: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return limit.rlim_cur == rlim_t.max ? Int(Int32.max) : Int(clamping: limit.rlim_cur)  // rlim_t.max: RLIM_INFINITY
    }

    /// Raises the soft limit to the hard limit (once per process; a server with many clients, like the WebSocket
    /// gateway, needs more than the usual 1,024). Returns the soft limit afterwards.
    @discardableResult
    static func raiseToHard() -> Int { raised }

    private static let raised: Int = {
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return current
    }()
}
