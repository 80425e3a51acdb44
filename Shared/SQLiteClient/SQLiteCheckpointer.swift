import Glibc
import Synchronization

/// Moves WAL checkpoints off the writer thread: the writer's commit hook hands the copy of WAL frames into the
/// database file (and its two `fdatasync`s) to a connection on another thread, so the writer only appends.
///
/// A PASSIVE checkpoint that runs while the writer keeps appending cannot reach the end of the WAL, and SQLite
/// rewinds the WAL only once a checkpoint did; so when the WAL reaches `inlineFrames` the writer runs a RESTART
/// checkpoint itself between two commits (waiting for a background one to finish, then copying only what it
/// left), which bounds the file.
///
/// A background checkpoint starts once `backgroundFrames` frames were appended since the previous one started, not
/// after every commit while the WAL is long: that would copy a handful of frames at a time, each time paying two
/// `fdatasync`s (measured: ~1,400 of them for 22,000 publishes).
final class SQLiteCheckpointer: Sendable {
    private let connection: SQLiteThreadConnection
    private let running = Atomic<Bool>(false)
    /// Set by `close()`: no more background checkpoints, and nothing to wait for.
    private let closed = Atomic<Bool>(false)
    /// The WAL length when the last background checkpoint started (touched by the writer thread only).
    private let startedAt = Atomic<Int>(0)
    /// New WAL frames that start a background checkpoint.
    let backgroundFrames: Int
    /// WAL frames after a commit at which the writer checkpoints inline.
    let inlineFrames: Int

    private init(connection: SQLiteThreadConnection, backgroundFrames: Int, inlineFrames: Int) {
        self.connection = connection
        self.backgroundFrames = backgroundFrames
        self.inlineFrames = inlineFrames
    }

    /// Opens the checkpointing connection to `path` on its own thread; checkpoints start at `frames` WAL frames
    /// (SQLite's own default is 1000) and the writer steps in at eight times that.
    static func open(path: String, busyTimeout: Int32, frames: Int) async throws -> SQLiteCheckpointer {
        let connection = try await SQLiteThreadConnection.open(path: path, readOnly: false, busyTimeout: busyTimeout)
        return SQLiteCheckpointer(connection: connection, backgroundFrames: max(frames, 1), inlineFrames: max(frames, 1) * 8)
    }

    /// Installs the commit hook on `writer` (call on the writer's thread).
    func attach(to writer: SQLiteConnection) {
        writer.onWALCommit { [self] frames in
            if frames >= inlineFrames {
                // SQLite does not wait for the checkpoint lock: let a background checkpoint finish first, so the
                // writer's own one cannot fail and the WAL cannot outgrow the bound (back-pressure on writes).
                // Bounded, and not once closed: a job submitted to the stopped thread never clears `running`.
                var waits = 0
                while running.load(ordering: .acquiring), !closed.load(ordering: .acquiring), waits < 50_000 {
                    usleep(100)
                    waits += 1
                }
                return true
            }
            // A shorter WAL than at the last start means SQLite started it over.
            let base = startedAt.load(ordering: .relaxed)
            let since = frames >= base ? frames - base : frames
            if since >= backgroundFrames, !closed.load(ordering: .acquiring),
                !running.exchange(true, ordering: .acquiringAndReleasing)
            {
                startedAt.store(frames, ordering: .relaxed)
                connection.submit { [self] connection in
                    _ = try? connection?.checkpoint()
                    running.store(false, ordering: .releasing)
                }
            }
            return false
        }
    }

    /// Closes the connection and stops its thread.
    func close() async {
        closed.store(true, ordering: .releasing)
        await connection.close()
    }
}
