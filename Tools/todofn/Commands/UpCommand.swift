import Glibc

/// `todofn up [--port N] [--data-dir DIR] [--reset]`: runs the embedded stack on this machine.
///
/// What exists so far: the data directory, the migrated tasks database and a function on the runtime (answering
/// its health, metrics and echo routes on the ingress port). The embedded Dapr runtime, the ingress with scale to
/// zero and the todo functions land with issues [runtime] and [slice]; until then this says so.
enum UpCommand: Subcommand {
    static let name = "up"
    static let summary = "run the embedded stack on this machine (Ctrl-C stops it)"

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(arguments, valued: ["--port", "--data-dir", "--database"], flags: ["--reset"])
        let directory = DataDirectory.from(options)
        if options.has("--reset") { try reset(directory) }
        try directory.create()
        let location = directory.databaseLocation(options)
        let applied = try await MigrateCommand.migrate(location)
        let port = options.value("--port") ?? "8080"
        print("""
            todofn up
              data directory   \(directory.path)
              tasks database   \(location) (\(applied.isEmpty ? "up to date" : "migrated to \(applied.last!)"))
              function         minimal-function on http://127.0.0.1:\(port)  (try: curl http://127.0.0.1:\(port)/health/readiness)
              not yet here     the embedded Dapr runtime, the ingress and the todo functions (issues [runtime], [slice])
            Ctrl-C stops it.
            """)
        return try runForeground(executable: siblingExecutable("minimal-function"), environment: ["PORT": port])
    }

    private static func reset(_ directory: DataDirectory) throws {
        guard directory.path != "/" && !directory.path.isEmpty else { throw UsageError(message: "refusing to reset /") }
        for name in ["todo.sqlite", "todo.sqlite-wal", "todo.sqlite-shm"] {
            unlink("\(directory.path)/\(name)")
        }
    }
}
