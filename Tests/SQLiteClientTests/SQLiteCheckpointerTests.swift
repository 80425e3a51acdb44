import FoundationEssentials
import Glibc
import SQLiteClient
import Testing

@Suite("WAL checkpoints off the writer thread")
struct SQLiteCheckpointerTests {
    /// The size of the file at `path` in bytes, 0 when missing.
    static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    static func writeRows(_ database: SQLiteDatabase, count: Int) async throws {
        let blob = [UInt8](repeating: 7, count: 3000)
        for _ in 0..<count {
            try await database.write { _ = try $0.query("INSERT INTO rows (body) VALUES (?1)", [.blob(blob)]) }
        }
    }

    @Test("a background checkpoint copies committed frames into the database file")
    func backgroundCheckpoint() async throws {
        try await SQLiteDatabaseTests.withFile { path in
            let database = try await SQLiteDatabase.open(path: path, checkpointFrames: 50)
            try await database.write { try $0.run("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)") }
            let before = Self.size(path)
            // ~80 frames: past the background threshold (50), far below the writer's own (400).
            try await Self.writeRows(database, count: 40)
            var copied = false
            for _ in 0..<250 where !copied {
                // Each row fills a page; a checkpoint of the first 50 frames alone copies more than 10 of them.
                copied = Self.size(path) >= before + 10 * 4096
                if !copied { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(copied, "database file stayed at \(Self.size(path)) bytes")
            await database.close()
        }
    }

    @Test("under a steady stream of commits the WAL stays bounded and every row is kept")
    func boundedWAL() async throws {
        try await SQLiteDatabaseTests.withFile { path in
            let database = try await SQLiteDatabase.open(path: path, checkpointFrames: 50)
            try await database.write { try $0.run("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)") }
            var largest = 0
            for _ in 0..<20 {
                try await Self.writeRows(database, count: 50)
                largest = max(largest, Self.size(path + "-wal"))
            }
            // 1,000 commits of ~2 frames each would make an ~8 MB WAL without checkpoints; the writer rewinds it
            // at 400 frames (~1.6 MB).
            #expect(largest > 0 && largest < 2_500_000, "WAL reached \(largest) bytes")
            await database.close()
            let reopened = try await SQLiteDatabase.open(path: path)
            let count = try await reopened.withWriter { try $0.query("SELECT count(*) FROM rows")[0][0].integer }
            #expect(count == 1000)
            await reopened.close()
        }
    }
}
