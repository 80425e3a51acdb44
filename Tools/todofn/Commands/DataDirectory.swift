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

    /// Removes everything inside the directory (`--reset`); the directory itself stays.
    func empty() throws {
        guard !path.isEmpty, path != "/", path != ".", path != ".." else {
            throw UsageError(message: "refusing to reset data directory '\(path)'")
        }
        try Self.removeContents(of: path)
    }

    private static func removeContents(of directory: String) throws {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = String(
                cString: UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                    .assumingMemoryBound(to: CChar.self))
            guard name != ".", name != ".." else { continue }
            let child = directory + "/" + name
            var info = stat()
            guard lstat(child, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try removeContents(of: child)
                rmdir(child)
            } else if unlink(child) != 0 {
                throw UsageError(message: "cannot remove \(child): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Creates the directory (owner-only permissions) if it is missing, and takes group and other permissions off
    /// an existing one of ours: it holds the secrets and every database, and other users on the machine must not
    /// read or write them.
    func create() throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw UsageError(message: "cannot create data directory \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_uid == geteuid(), info.st_mode & 0o077 != 0 {
            chmod(path, info.st_mode & 0o700)
        }
    }
}

/// The value of environment variable `name`, or nil when unset or empty.
func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
}
