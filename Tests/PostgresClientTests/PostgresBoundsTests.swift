import Glibc
import PostgresClient
import Synchronization
import Testing
import WorkerThreads

/// A server that stops answering must not block a connection's thread forever: libpq waits without limit unless
/// told otherwise, so `PostgresConnection` applies `connect_timeout`, keepalives and `tcp_user_timeout` by default.
@Suite("PostgreSQL calls are bounded when the server stops answering")
struct PostgresBoundsTests {
    /// A TCP listener that never accepts: the kernel completes the handshake and takes the startup packet, and
    /// nothing ever answers it (a hung server, or a half-open connection through a dead middlebox).
    final class SilentServer: Sendable {
        let port: Int
        private let listener: Int32

        init() throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(listener, pointer, length) == 0 && listen(listener, 16) == 0
                        && getsockname(listener, pointer, &length) == 0
                }
            }
            try #require(listener >= 0 && bound, "could not listen (errno \(errno))")
            self.listener = listener
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(listener) }
    }

    /// What the connecting thread ended with, nil while it is blocked.
    final class Outcome: Sendable {
        private let state = Mutex<Result<Void, PostgresError>?>(nil)
        var value: Result<Void, PostgresError>? { state.withLock { $0 } }
        func set(_ result: Result<Void, PostgresError>) { state.withLock { $0 = result } }
    }

    @Test("connecting to a server that never answers fails after connect_timeout instead of hanging", .timeLimit(.minutes(2)))
    func silentServerTimesOut() async throws {
        let server = try SilentServer()
        let url = "postgresql://todofn:todofn@127.0.0.1:\(server.port)/todofn"
        let outcome = Outcome()
        // On a thread of its own, not the cooperative pool (two threads on CI, shared by every suite of this
        // process): before the default bound this call never returned, and now it blocks for connect_timeout.
        let thread = try WorkerThread(name: "pg-silent")
        thread.submit {
            do throws(PostgresError) {
                _ = try PostgresConnection(url: url)
                outcome.set(.success(()))
            } catch {
                outcome.set(.failure(error))
            }
        }
        // connect_timeout is 10 s; far more is allowed for a busy machine, and the wait ends as soon as it fails.
        let deadline = ContinuousClock.now + .seconds(90)
        while outcome.value == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let result = try #require(outcome.value, "the connection attempt was still blocked after 90 s")
        guard case .failure(let error) = result else {
            Issue.record("connected to a server that never answers")
            return
        }
        #expect(error.code == .connectionFailure, "\(error)")
        #expect(error.message.contains("timeout"), "\(error.message)")
        withExtendedLifetime(server) {}
    }
}
