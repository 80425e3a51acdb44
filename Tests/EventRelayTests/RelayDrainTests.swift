import Crypto
import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Storage
import Synchronization
import Testing

/// task-crud as a real process, stopped with SIGTERM in the middle of a burst while its relay is publishing (daprd
/// answers each bulk call late): the relay runs as a service of the server, so it finishes the batch, marks it sent
/// and exits; nothing is left claimed but unmarked, so nothing is published twice by the next instance.
@Suite("the outbox relay drains on SIGTERM")
struct RelayDrainTests {
    @Test("SIGTERM mid-burst leaves no claimed-but-unmarked batch, and nothing is published twice")
    func sigtermDrainsTheRelay() async throws {
        let daprd = try ScriptedDaprd(bulkDelay: .milliseconds(40))
        let database = "/tmp/relay-drain-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { _ = (database + suffix).withCString { unlink($0) } } }
        let key = "relay-drain-test-key"
        let function = try await FunctionProcess(
            "task-crud",
            environment: [
                "PORT": "0", "APP_ID": "task-crud", "DATABASE_URL": database, "DAPR_HTTP_ENDPOINT": daprd.endpoint,
                "JWT_SIGNING_KEY": key, "LOG_LEVEL": "info",
            ])
        defer { function.removeLog() }
        let token = try JWTSigner(secret: Array(key.utf8)).sign(
            JWTClaims(subject: "alice", expiresAt: Int64(time(nil)) + 3600))
        let client = HTTPClient()
        defer { client.close() }
        let acknowledged = Counter()
        let exitStatus = try await withThrowingTaskGroup(of: Int32?.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    // Creates until the function stops answering.
                    while true {
                        let response = try? await client.execute(
                            .post, url: "http://127.0.0.1:\(function.port)/api/alice/tasks",
                            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                            body: Array(#"{"title":"drain me"}"#.utf8), timeout: .seconds(30))
                        guard let response, response.status.code == 201 else { return nil }
                        acknowledged.add()
                    }
                }
            }
            group.addTask {
                // SIGTERM once the relay has published a few batches and is waiting on another.
                let deadline = ContinuousClock.now + .seconds(120)
                while daprd.calls.count < 3 || acknowledged.value < 200 {
                    guard ContinuousClock.now < deadline else { return nil }
                    try await Task.sleep(for: .milliseconds(5))
                }
                return await function.terminate()
            }
            var status: Int32?
            for try await result in group { status = result ?? status }
            return status
        }
        #expect(exitStatus == 0, "task-crud exits cleanly after draining: \(function.output)")
        #expect(!function.output.contains(#""level":"critical""#), "\(function.output)")
        #expect(access(database + "-wal", F_OK) != 0, "the database was closed on the way out: its WAL checkpointed and removed")

        let opened = try await StorageDatabase.open(database)
        let outbox = Stores(database: opened).outbox
        let unsent = Set(try await outbox.unsent(limit: 1_000_000).map(\.eventID))
        let claimable = Set(try await outbox.claim(limit: 1_000_000, token: UUID(), lease: .seconds(60)).map(\.eventID))
        await opened.close()
        let accepted = daprd.accepted
        await daprd.stop()
        #expect(unsent == claimable, "no event is held by a claim of the stopped relay")
        #expect(Set(accepted).count == accepted.count, "nothing was published twice")
        #expect(Set(accepted).isDisjoint(with: unsent), "nothing published was left unmarked")
        #expect(accepted.count + unsent.count >= acknowledged.value, "every acknowledged event is kept")
        #expect(accepted.count > 0)
    }
}

/// A count shared by the burst's clients.
final class Counter: Sendable {
    private let count = Atomic(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
