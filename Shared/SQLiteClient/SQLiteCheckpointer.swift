import Glibc
import Synchronization

/// Moves WAL checkpoints off the writer thread: the writer's commit hook hands the copy of WAL frames into the
/// database file (and its two `fdatasync`s) to a connection on another thread, so the writer only appends.
///
/// A PASSIVE checkpoint that runs while the writer keeps appending cannot reach the end of the WAL, and SQLite
/// rewinds the WAL only once a checkpoint did; so when the WAL reaches `inlineFrames` the writer checkpoints
/// itself between two commits (copying only what the background checkpoints left), which bounds the file.
final class SQLiteCheckpointer: Sendable {
    private let connection: SQLiteThreadConnection
    private let running = Atomic<Bool>(false)
    /// WAL frames after a commit that start a background checkpoint.
    let backgroundFrames: Int
    /// WAL frames after a commit at which the writer checkpoints inline.
    let inlineFrames: Int

    private init(connection: SQLiteThreadConnection, backgroundFrames: Int, inlineFrames: Int) {
        self.connection = connection
        self.backgroundFrames = backgroundFrames
        self.inlineFrames = inlineFrames
    }

    /// Opens the checkpointing connection to `path` on its own thread.
    static func open(path: String, busyTimeout: Int32) async throws -> SQLiteCheckpointer {
        let connection = try await SQLiteThreadConnection.open(path: path, readOnly: false, busyTimeout: busyTimeout)
        return SQLiteCheckpointer(
            connection: connection, backgroundFrames: tuning("TODOFN_EXP_BG", 1000),
            inlineFrames: tuning("TODOFN_EXP_INLINE", 8000))
    }

    /// Installs the commit hook on `writer` (call on the writer's thread).
    func attach(to writer: SQLiteConnection) {
        writer.onWALCommit { [self] frames in
            if frames >= inlineFrames { return true }
            if backgroundFrames > 0, frames >= backgroundFrames, !running.exchange(true, ordering: .acquiringAndReleasing) {
                connection.submit { [self] connection in
                    _ = try? connection?.checkpoint()
                    running.store(false, ordering: .releasing)
                }
            }
            return false
        }
    }

    /// Closes the connection and stops its thread.
    func close() async { await connection.close() }
}

private func tuning(_ name: String, _ fallback: Int) -> Int {
    guard let value = getenv(name) else { return fallback }
    return Int(String(cString: value)) ?? fallback
}
