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
///
/// The checkpointing connection and its thread are opened when the first background checkpoint is due, not with
/// the database: a function's start (and most short lives of a scale-to-zero function) never needs it, and opening
/// a second connection (its WAL index, its pragmas) was on every cold start's path.
final class SQLiteCheckpointer: Sendable {
    private let path: String
    private let busyTimeout: Int32
    /// Opened by the first background checkpoint (on the writer's thread, in the commit hook).
    private let connection = Mutex<SQLiteThreadConnection?>(nil)
    private let running = Atomic<Bool>(false)
    /// Set by `close()`: no more background checkpoints, and nothing to wait for.
    private let closed = Atomic<Bool>(false)
    /// The WAL length when the last background checkpoint started (touched by the writer thread only).
    private let startedAt = Atomic<Int>(0)
    /// New WAL frames that start a background checkpoint.
    let backgroundFrames: Int
    /// WAL frames after a commit at which the writer checkpoints inline.
    let inlineFrames: Int

    /// A checkpointer for the database at `path`; checkpoints start at `frames` WAL frames (SQLite's own default is
    /// 1000) and the writer steps in at eight times that. Nothing is opened until the first checkpoint is due.
    init(path: String, busyTimeout: Int32, frames: Int) {
        self.path = path
        self.busyTimeout = busyTimeout
        self.backgroundFrames = max(frames, 1)
        self.inlineFrames = max(frames, 1) * 8
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
                guard let checkpointing = checkpointingConnection() else {
                    // No thread for it: the writer's inline checkpoint still bounds the WAL.
                    running.store(false, ordering: .releasing)
                    return false
                }
                checkpointing.submit { [self] connection in
                    _ = try? connection?.checkpoint()
                    running.store(false, ordering: .releasing)
                }
            }
            return false
        }
    }

    /// The checkpointing connection, opened (its thread started, the open queued first) on the first call.
    private func checkpointingConnection() -> SQLiteThreadConnection? {
        connection.withLock { connection in
            if connection == nil {
                connection = try? SQLiteThreadConnection.opening(path: path, readOnly: false, busyTimeout: busyTimeout)
            }
            return connection
        }
    }

    /// Closes the connection (if one was opened) and stops its thread.
    func close() async {
        closed.store(true, ordering: .releasing)
        await connection.withLock { $0 }?.close()
    }
}
