import EmbeddedIngress
import Storage

/// The system's functions and the rows `todofn up` gives the supervisor for those that are built.
enum StackFunctions {
    /// Every function of the system (kebab-case names: folder, app-id and executable product).
    static let all = ["task-crud", "audit-log", "reminder-fire", "recurrence-generate", "ws-fanout", "ws-gateway"]

    /// The names in `all` whose executable exists in `directory`.
    static func built(in directory: String) -> [String] {
        all.filter { FunctionDefinition(name: $0, nextTo: directory).isBuilt }
    }

    /// Functions that get a SQLite file of their own next to the tasks database: audit-log writes once per event
    /// of every user, and SQLite has one writer per file, so sharing would make each wait for the other.
    static let ownSQLiteFile = ["audit-log": "audit.sqlite"]

    /// The supervisor's rows for `names`: `DAPR_HTTP_PORT` from the runtime (3500 without one), its app token,
    /// the function's own `DAPR_API_TOKEN` (from `daprTokens`), the database (see `databaseURL(for:tasks:)`) and the log level.
    static func definitions(
        _ names: [String], directory: String, daprPort: (String) -> Int, appTokens: [String: String],
        daprTokens: [String: String],
        databaseURL: String, logLevel: String
    ) -> [FunctionDefinition] {
        names.map { name in
            var environment = [
                "DAPR_HTTP_PORT": String(daprPort(name)), "APP_API_TOKEN": appTokens[name] ?? "",
                "DATABASE_URL": Self.databaseURL(for: name, tasks: databaseURL),
                "LOG_LEVEL": logLevel,
            ]
            if let daprToken = daprTokens[name] { environment["DAPR_API_TOKEN"] = daprToken }
            return FunctionDefinition(name: name, nextTo: directory, environment: environment)
        }
    }

    /// A function's `DATABASE_URL`: the PostgreSQL URL as it is (every function shares the database), else the
    /// tasks SQLite file, or the function's own file in the same directory (`ownSQLiteFile`).
    static func databaseURL(for name: String, tasks: String) -> String {
        guard !StorageDatabase.isPostgres(tasks), let file = ownSQLiteFile[name] else {
            return tasks
        }
        guard let slash = tasks.lastIndex(of: "/") else { return file }
        return String(tasks[...slash]) + file
    }
}
