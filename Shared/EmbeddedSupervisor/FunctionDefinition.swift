import Glibc

/// One row of the supervisor's table: a function (its name is its app-id), where its executable is and the
/// environment it gets on top of this process's (`PORT` and `APP_ID` are added by the supervisor).
package struct FunctionDefinition: Sendable {
    /// The function's name and Dapr app-id, e.g. `task-crud`.
    package var name: String
    /// The executable's path.
    package var executablePath: String
    /// Command-line arguments after the program name.
    package var arguments: [String]
    /// Extra environment: `DAPR_HTTP_PORT`, `APP_API_TOKEN`, `DAPR_API_TOKEN`, `DATABASE_URL`, `LOG_LEVEL`, ...
    package var environment: [String: String]
    /// How many instances stay up however idle: the cluster manifest's `autoscaling.knative.dev/min-scale`. At 1 or
    /// more the supervisor starts the function with the stack, never stops it as idle and restarts it at once
    /// when it exits (ws-gateway, which holds the browsers' connections); 0 (the default) scales to zero.
    package var minScale = 0
    /// Functions started beside this one whenever it starts from zero (those its first requests call at once), so
    /// their cold starts overlap instead of adding up: a reminder job wakes reminder-fire, whose first act is to
    /// push the reminder through ws-fanout. Each is started only if it is not running or starting already.
    package var startsWith: [String] = []

    /// Creates a row.
    package init(name: String, executablePath: String, arguments: [String] = [], environment: [String: String] = [:]) {
        self.name = name
        self.executablePath = executablePath
        self.arguments = arguments
        self.environment = environment
    }

    /// A row whose executable is the product `name` in `directory` (by default, next to the running executable).
    package init(
        name: String, nextTo directory: String = FunctionDefinition.executableDirectory, environment: [String: String] = [:]
    ) {
        self.init(name: name, executablePath: directory + "/" + name, environment: environment)
    }

    /// Whether the executable exists and may be run (`access(X_OK)`).
    package var isBuilt: Bool { access(executablePath, X_OK) == 0 }

    /// The token the supervisor adds as `dapr-api-token` when forwarding (`APP_API_TOKEN`), if any.
    package var appAPIToken: String? { environment["APP_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The directory of the running executable (`/proc/self/exe`), or `.`.
    package static var executableDirectory: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "." }
        let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
