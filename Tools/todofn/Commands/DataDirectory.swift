import Glibc

/// The embedded stack's data directory (`.todofn/` by default, `--data-dir` or `TODOFN_DATA_DIR` to move it).
struct DataDirectory {
    let path: String

    /// The directory named by `--data-dir`, else `TODOFN_DATA_DIR`, else `.todofn`.
    static func from(_ options: Options) -> DataDirectory {
        DataDirectory(path: options.value("--data-dir") ?? environment("TODOFN_DATA_DIR") ?? ".todofn")
    }

    /// The tasks database: `DATABASE_URL` when set (PostgreSQL or a SQLite path), else `<dir>/todo.sqlite`.
    func databaseLocation(_ options: Options) -> String {
        options.value("--database") ?? environment("DATABASE_URL") ?? "\(path)/todo.sqlite"
    }

    /// Creates the directory (owner-only permissions) if it is missing.
    func create() throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw UsageError(message: "cannot create data directory \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The value of environment variable `name`, or nil when unset or empty.
func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
}
