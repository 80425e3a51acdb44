import EmbeddedIngress

/// The system's functions and the rows `todofn up` gives the supervisor for those that are built.
enum StackFunctions {
    /// Every function of the system (kebab-case names: folder, app-id and executable product).
    static let all = ["task-crud", "audit-log", "reminder-fire", "recurrence-generate", "ws-fanout", "ws-gateway"]

    /// The names in `all` whose executable exists in `directory`.
    static func built(in directory: String) -> [String] {
        all.filter { FunctionDefinition(name: $0, nextTo: directory).isBuilt }
    }

    /// The supervisor's rows for `names`: `DAPR_HTTP_PORT` from the runtime (3500 without one), the app token,
    /// `DAPR_API_TOKEN` when set, the tasks database and the log level.
    static func definitions(
        _ names: [String], directory: String, daprPort: (String) -> Int, appToken: String, daprToken: String?,
        databaseURL: String, logLevel: String
    ) -> [FunctionDefinition] {
        names.map { name in
            var environment = [
                "DAPR_HTTP_PORT": String(daprPort(name)), "APP_API_TOKEN": appToken, "DATABASE_URL": databaseURL,
                "LOG_LEVEL": logLevel,
            ]
            if let daprToken { environment["DAPR_API_TOKEN"] = daprToken }
            return FunctionDefinition(name: name, nextTo: directory, environment: environment)
        }
    }
}
