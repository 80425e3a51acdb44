/// A benchmark's own PostgreSQL database on the server of the configured URL, so runs start empty and never touch
/// the tables of the database the URL names.
enum ScratchDatabase {
    /// Drops database `name` (closing its sessions) and creates it again, through psql; returns its URL.
    /// - Throws: `BenchmarkError` when psql fails (e.g. the role may not create databases).
    static func recreate(_ url: String, name: String) throws -> String {
        for sql in ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)", "CREATE DATABASE \(name)"] {
            guard try ChildProcess("psql", ["-q", url, "-c", sql]).wait() == 0 else {
                throw BenchmarkError("psql failed: \(sql)")
            }
        }
        return String(url[..<(url.lastIndex(of: "/") ?? url.endIndex)]) + "/" + name
    }
}
