import Storage

/// `todofn migrate [--database URL|PATH] [--data-dir DIR]`: applies pending schema migrations.
enum MigrateCommand: Subcommand {
    static let name = "migrate"
    static let summary = "apply pending database migrations (SQLite under .todofn/, or DATABASE_URL)"

    static let synopsis = "[options]"
    static let options = [
        OptionSpec(
            name: "--database", value: "URL|PATH",
            help: "postgresql://… or a SQLite file (default DATABASE_URL, else <data-dir>/todo.sqlite)"),
        OptionSpec(name: "--data-dir", value: "DIR", help: "the stack's data directory (default .todofn)"),
    ]

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(arguments, specs: Self.options)
        guard options.positional.isEmpty else { throw UsageError(message: "unexpected argument \(options.positional[0])") }
        let directory = DataDirectory.from(options)
        let location = directory.databaseLocation(options)
        if location == "\(directory.path)/todo.sqlite" { try directory.create() }
        let applied = try await migrate(location)
        print(applied.isEmpty ? "migrate: up to date" : "migrate: applied \(applied.map(String.init).joined(separator: ", "))")
        return 0
    }

    /// Opens `location` and applies what is pending; returns the versions applied.
    static func migrate(_ location: String) async throws -> [Int] {
        let database = try await StorageDatabase.open(location, poolSize: 1)
        do {
            let applied = try await Migrator(database: database).migrate()
            await database.close()
            return applied
        } catch {
            await database.close()
            throw error
        }
    }
}
