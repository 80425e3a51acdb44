import Crypto
import EmbeddedIngress
import EmbeddedSupervisor
import Glibc

/// `todofn up`: runs the embedded stack on this machine until Ctrl-C or SIGTERM.
///
/// Options: `--port 8080` (ingress), `--dapr-port 3500`, `--data-dir .todofn`, `--database URL|PATH`, `--reset`
/// (empty the data directory first), `--keep-warm` (never stop idle functions), `--idle-timeout 60s`,
/// `--web DIR` (the web client; default `<data>/web`, else `Tools/web/` of the checkout), `--resources dapr`,
/// `--refresh` (ask every function for `GET /dapr/subscribe` again instead of using the answers cached in the data
/// directory). The ingress also answers the web client's development sign-in, `POST /dev/token` (`DevelopmentLogin`).
enum UpCommand: Subcommand {
    static let name = "up"
    static let summary = "run the embedded stack on this machine (Ctrl-C stops it)"

    static let synopsis = "[options]"
    static let options = [
        OptionSpec(name: "--port", value: "PORT", help: "the ingress port (default 8080)"),
        OptionSpec(name: "--dapr-port", value: "PORT", help: "the shared Dapr API port (default 3500)"),
        OptionSpec(name: "--data-dir", value: "DIR", help: "data directory (default TODOFN_DATA_DIR, else .todofn)"),
        OptionSpec(
            name: "--database", value: "URL|PATH",
            help: "postgresql://… or a SQLite file (default DATABASE_URL, else <data-dir>/todo.sqlite)"),
        OptionSpec(name: "--idle-timeout", value: "DURATION", help: "stop a function idle this long (default 60s)"),
        OptionSpec(name: "--keep-warm", help: "never stop idle functions"),
        OptionSpec(name: "--web", value: "DIR", help: "serve the web client from DIR (default <data-dir>/web, else Web/)"),
        OptionSpec(name: "--resources", value: "DIR", help: "Dapr components and configuration (default dapr/)"),
        OptionSpec(name: "--reset", help: "empty the data directory first"),
        OptionSpec(name: "--refresh", help: "ask every function for /dapr/subscribe again instead of the cached answers"),
    ]

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(arguments, specs: Self.options)
        guard options.positional.isEmpty else { throw UsageError(message: "unexpected argument \(options.positional[0])") }
        let port = try portOption(options, "--port", default: 8080)
        let daprPort = try portOption(options, "--dapr-port", default: 3500)
        let idle = try options.value("--idle-timeout").map { Duration.seconds(try TokenCommand.parseLifetime($0)) }
        // Everything the stack creates (databases, logs, the functions' files) is the user's alone.
        umask(0o077)
        let directory = DataDirectory.from(options)
        if options.has("--reset") { try directory.empty() }
        try directory.create()
        let secrets = try DevelopmentSecrets.loadOrCreate(in: directory)
        let location = directory.databaseLocation(options)
        let applied = try await MigrateCommand.migrate(location)
        let signals = ShutdownSignal()

        let binaries = FunctionDefinition.executableDirectory
        let names = StackFunctions.built(in: binaries)
        // The shared port takes the token of `secrets.json` (or DAPR_API_TOKEN); each function's port a token made
        // for it now, so a port still tells which app calls even to another function that holds a token.
        let daprToken = secrets.daprToken
        // Likewise each function's app token (what the runtime presents to it), so a function that leaks its own
        // cannot call another function's Dapr-facing routes on that function's port.
        var functionTokens: [String: String] = [:]
        var appTokens: [String: String] = [:]
        for name in names {
            functionTokens[name] = Hex.encode(try SecureRandom.bytes(count: 32))
            appTokens[name] = Hex.encode(try SecureRandom.bytes(count: 32))
        }
        // Each function's Dapr API port is picked first: it goes into the supervisor's table, and the supervisor
        // must answer the runtime's first calls (`/dapr/subscribe`) as soon as the runtime starts.
        var apiPorts: [String: Int] = [:]
        for name in names { apiPorts[name] = try FreePort.pick() }
        var configuration = SupervisorConfiguration()
        configuration.idleTimeout = options.has("--keep-warm") ? nil : (idle ?? .seconds(60))
        let supervisor = try Supervisor(
            functions: StackFunctions.definitions(
                names, directory: binaries, daprPort: { apiPorts[$0] ?? daprPort },
                appTokens: appTokens, daprTokens: functionTokens, databaseURL: location,
                logLevel: environment("LOG_LEVEL") ?? "info"),
            configuration: configuration)
        try supervisor.start()
        let runtime: any DaprRuntimeHandle
        do {
            runtime = try await EmbeddedDaprSeam.start(
                apps: apiPorts, sharedPort: daprPort, dataDirectory: directory.path,
                resourcesDirectory: options.value("--resources") ?? defaultResources(), apiToken: daprToken,
                appAPITokens: functionTokens,
                refreshSubscriptions: options.has("--refresh"), appChannel: supervisor.channel())
        } catch {
            await supervisor.shutdown()
            throw error
        }
        supervisor.startAlwaysUp()
        var ingressConfiguration = IngressConfiguration()
        ingressConfiguration.port = port
        ingressConfiguration.staticRoot = webDirectory(options, directory)
        ingressConfiguration.developmentLogin = DevelopmentLogin { [secrets] user in
            try secrets.token(for: user, admin: false, lifetime: 12 * 3600)
        }
        let ingress = Ingress(supervisor: supervisor, configuration: ingressConfiguration)
        do {
            try ingress.start()
        } catch {
            await runtime.stop()
            await supervisor.shutdown()
            throw UsageError(message: "cannot listen on 127.0.0.1:\(port): \(error) (use --port)")
        }
        printBanner(
            directory: directory, location: location, applied: applied, names: names, port: port, daprPort: daprPort,
            web: ingressConfiguration.staticRoot, idle: configuration.idleTimeout,
            alwaysUp: supervisor.functions.filter { $0.minScale > 0 }.map(\.name),
            token: try secrets.token(for: "alice", admin: false, lifetime: 24 * 3600))
        await signals.wait()
        print("todofn: stopping")
        fflush(nil)
        ingress.shutdown()
        await ingress.wait()
        await runtime.stop()
        await supervisor.shutdown()
        print("todofn: stopped")
        return 0
    }

    private static func portOption(_ options: Options, _ name: String, default value: Int) throws -> Int {
        guard let text = options.value(name) else { return value }
        guard let port = Int(text), (1...65535).contains(port) else {
            throw UsageError(message: "\(name) must be a port number 1-65535 (got '\(text)')")
        }
        return port
    }

    /// `dapr/` in the working directory, else the checkout the executable was built in.
    private static func defaultResources() -> String {
        checkoutDirectory("dapr") ?? "dapr"
    }

    /// `--web DIR`, else `<data>/web`, else the web client in the checkout (`Tools/web`), when the directory exists.
    private static func webDirectory(_ options: Options, _ directory: DataDirectory) -> String? {
        if let explicit = options.value("--web") { return explicit }
        return StaticFiles.isDirectory(directory.path + "/web") ? directory.path + "/web" : checkoutDirectory("Tools/web")
    }

    /// `relative` in the working directory, else in the checkout the executable was built in (`<repo>/.build/
    /// <triple>/<configuration>/todofn`), so `todofn up` also runs from another directory.
    private static func checkoutDirectory(_ relative: String) -> String? {
        let built = FunctionDefinition.executableDirectory
        let candidates = [relative, built + "/../../../" + relative, built + "/../../" + relative]
        return candidates.first(where: StaticFiles.isDirectory)
    }

    private static func printBanner(
        directory: DataDirectory, location: String, applied: [Int], names: [String], port: Int, daprPort: Int,
        web: String?, idle: Duration?, alwaysUp: [String], token: String
    ) {
        let base = "http://127.0.0.1:\(port)"
        var lines = [
            "todofn up",
            "  data directory   \(directory.path)  (secrets in \(directory.path)/secrets.json)",
            "  tasks database   \(location) (\(applied.last.map { "migrated to \($0)" } ?? "up to date"))",
            "  ingress          \(base)",
        ]
        for route in IngressRoutes.standard.routes {
            if case .function(let name) = route.destination {
                lines.append(
                    "    \((route.path + (route.matchesSubpaths ? "/*" : "")).padding(14))→ \(name)\(names.contains(name) ? "" : "  (not built: 503)")"
                )
            } else if case .webSocket(let name) = route.destination {
                lines.append(
                    "    \(route.path.padding(14))→ \(name)  (WebSocket)\(names.contains(name) ? "" : "  (not built: 503)")")
            }
        }
        lines.append("    \("/".padding(14))→ \(web.map { "static files from \($0)" } ?? "404 (no web client directory)")")
        lines.append(
            "  dapr api         http://127.0.0.1:\(daprPort)  (app-id todofn; header dapr-api-token: `todofn token --dapr`)")
        if names.isEmpty {
            lines.append("  functions        none built yet: build them (swift build) and run `todofn up` again")
        } else {
            lines.append(
                "  functions        \(names.joined(separator: ", "))  (\(alwaysUp.map { "\($0) always up (min-scale); " }.joined())"
                    + "started on first request; \(idle.map { "stopped after \($0) idle" } ?? "kept warm"))"
            )
        }
        if web != nil { lines.append("  web client       \(base)/  (sign in as any user name: development only)") }
        lines.append("  dev token        \(token)")
        lines.append("                   (user alice, 24 h; `todofn token <user> [--admin]` for others)")
        lines.append("  try              curl -H 'Authorization: Bearer <token>' \(base)/api/alice/tasks")
        lines.append("Ctrl-C stops it.")
        print(lines.joined(separator: "\n"))
        fflush(nil)
    }
}
