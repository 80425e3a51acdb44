import DaprResources
import EmbeddedIngress
import EmbeddedSupervisor
import Glibc
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

    /// Functions started together from zero (`FunctionDefinition.startsWith`): a reminder job wakes reminder-fire,
    /// which pushes the reminder through ws-fanout at once, so ws-fanout's start overlaps reminder-fire's instead of
    /// following it (issue 15: reminder due → socket with both at zero).
    static let startedTogether = ["reminder-fire": ["ws-fanout"]]

    /// The supervisor's rows for `names`: `DAPR_HTTP_PORT` from the runtime (3500 without one), its app token
    /// (and for ws-fanout ws-gateway's, `GATEWAY_APP_API_TOKEN`, which its pushes present),
    /// the function's own `DAPR_API_TOKEN` (from `daprTokens`), the database (see `databaseURL(for:tasks:)`), the log
    /// level, and the min-scale of the function's Knative Service (`knative/base/<name>.yaml`), so the cluster and
    /// `todofn up` keep the same functions always up.
    static func definitions(
        _ names: [String], directory: String, daprPort: (String) -> Int, appTokens: [String: String],
        daprTokens: [String: String], databaseURL: String, logLevel: String, knative: String = knativeDirectory()
    ) -> [FunctionDefinition] {
        names.map { name in
            var environment = [
                "DAPR_HTTP_PORT": String(daprPort(name)), "APP_API_TOKEN": appTokens[name] ?? "",
                "DATABASE_URL": Self.databaseURL(for: name, tasks: databaseURL),
                "LOG_LEVEL": logLevel,
            ]
            if let daprToken = daprTokens[name] { environment["DAPR_API_TOKEN"] = daprToken }
            // ws-fanout calls ws-gateway's /internal/push directly with the gateway's app token (in the cluster all
            // functions share one; here each has its own).
            if name == "ws-fanout", let gateway = appTokens["ws-gateway"] { environment["GATEWAY_APP_API_TOKEN"] = gateway }
            var definition = FunctionDefinition(name: name, nextTo: directory, environment: environment)
            definition.minScale = minScale(of: name, knative: knative)
            definition.startsWith = startedTogether[name] ?? []
            return definition
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

    /// `autoscaling.knative.dev/min-scale` of `<knative>/<name>.yaml`; 0 when the file or the annotation is missing.
    static func minScale(of name: String, knative: String) -> Int {
        guard let file = fopen(knative + "/" + name + ".yaml", "r") else { return 0 }
        defer { fclose(file) }
        var text = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            text += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let service = try? YAMLDocuments.parse(text, path: name + ".yaml").first
        let annotations = service?["spec"]?["template"]?["metadata"]?["annotations"]
        return annotations?["autoscaling.knative.dev/min-scale"]?.scalar.flatMap { Int($0) } ?? 0
    }

    /// `knative/base/` (one Knative Service per function) in the working directory, else in the checkout the
    /// executable was built in.
    static func knativeDirectory() -> String {
        let built = FunctionDefinition.executableDirectory
        let candidates = ["knative/base", built + "/../../../knative/base", built + "/../../knative/base"]
        return candidates.first(where: StaticFiles.isDirectory) ?? "knative/base"
    }
}
