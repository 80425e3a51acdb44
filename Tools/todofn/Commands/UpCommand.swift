import EmbeddedIngress
import Glibc

/// `todofn up`: runs the embedded stack on this machine until Ctrl-C or SIGTERM.
///
/// Options: `--port 8080` (ingress), `--dapr-port 3500`, `--data-dir .todofn`, `--database URL|PATH`, `--reset`
/// (empty the data directory first), `--keep-warm` (never stop idle functions), `--idle-timeout 60s`,
/// `--web DIR` (the web client; default `<data>/web`, else `Web/` when present), `--resources dapr`, `--refresh`
/// (ask every function for `GET /dapr/subscribe` again instead of using the answers cached in the data directory).
enum UpCommand: Subcommand {
    static let name = "up"
    static let summary = "run the embedded stack on this machine (Ctrl-C stops it)"

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(
            arguments, valued: ["--port", "--dapr-port", "--data-dir", "--database", "--idle-timeout", "--web", "--resources"],
            flags: ["--reset", "--keep-warm", "--refresh"])
        guard options.positional.isEmpty else { throw UsageError(message: "unexpected argument \(options.positional[0])") }
        let port = try portOption(options, "--port", default: 8080)
        let daprPort = try portOption(options, "--dapr-port", default: 3500)
        let idle = try options.value("--idle-timeout").map { Duration.seconds(try TokenCommand.parseLifetime($0)) }
        let directory = DataDirectory.from(options)
        if options.has("--reset") { try directory.empty() }
        try directory.create()
        let secrets = try DevelopmentSecrets.loadOrCreate(in: directory)
        let location = directory.databaseLocation(options)
        let applied = try await MigrateCommand.migrate(location)
        let signals = ShutdownSignal()

        let binaries = FunctionDefinition.executableDirectory
        let names = StackFunctions.built(in: binaries)
        let daprToken = environment("DAPR_API_TOKEN")
        // Each function's Dapr API port is picked first: it goes into the supervisor's table, and the supervisor
        // must answer the runtime's first calls (`/dapr/subscribe`) as soon as the runtime starts.
        var apiPorts: [String: Int] = [:]
        for name in names { apiPorts[name] = EmbeddedDaprSeam.isAvailable ? try FreePort.pick() : daprPort }
        var configuration = SupervisorConfiguration()
        configuration.idleTimeout = options.has("--keep-warm") ? nil : (idle ?? .seconds(60))
        let supervisor = try Supervisor(
            functions: StackFunctions.definitions(
                names, directory: binaries, daprPort: { apiPorts[$0] ?? daprPort },
                appToken: secrets.appToken, daprToken: daprToken, databaseURL: location,
                logLevel: environment("LOG_LEVEL") ?? "info"),
            configuration: configuration)
        try supervisor.start()
        let runtime: (any DaprRuntimeHandle)?
        do {
            runtime = try await EmbeddedDaprSeam.start(
                apps: apiPorts, sharedPort: daprPort, dataDirectory: directory.path,
                resourcesDirectory: options.value("--resources") ?? defaultResources(), apiToken: daprToken,
                refreshSubscriptions: options.has("--refresh"), appChannel: supervisor.channel())
        } catch {
            await supervisor.shutdown()
            throw error
        }
        supervisor.startAlwaysUp()
        var ingressConfiguration = IngressConfiguration()
        ingressConfiguration.port = port
        ingressConfiguration.staticRoot = webDirectory(options, directory)
        let ingress = Ingress(supervisor: supervisor, configuration: ingressConfiguration)
        do {
            try ingress.start()
        } catch {
            await runtime?.stop()
            await supervisor.shutdown()
            throw UsageError(message: "cannot listen on 127.0.0.1:\(port): \(error) (use --port)")
        }
        printBanner(
            directory: directory, location: location, applied: applied, names: names, port: port, daprPort: daprPort,
            runtime: runtime != nil, web: ingressConfiguration.staticRoot, idle: configuration.idleTimeout,
            alwaysUp: supervisor.functions.filter { $0.minScale > 0 }.map(\.name),
            token: try secrets.token(for: "alice", admin: false, lifetime: 24 * 3600))
        await signals.wait()
        print("todofn: stopping")
        fflush(nil)
        ingress.shutdown()
        await ingress.wait()
        await runtime?.stop()
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

    /// `dapr/` in the working directory, else the checkout the executable was built in (`<repo>/.build/<triple>/
    /// <configuration>/todofn`), so `todofn up` also runs from another directory.
    private static func defaultResources() -> String {
        let built = FunctionDefinition.executableDirectory
        let candidates = ["dapr", built + "/../../../dapr", built + "/../../dapr"]
        return candidates.first(where: StaticFiles.isDirectory) ?? "dapr"
    }

    /// `--web DIR`, else `<data>/web`, else `Web/` in the working directory, when the directory exists.
    private static func webDirectory(_ options: Options, _ directory: DataDirectory) -> String? {
        if let explicit = options.value("--web") { return explicit }
        return [directory.path + "/web", "Web"].first(where: StaticFiles.isDirectory)
    }

    private static func printBanner(
        directory: DataDirectory, location: String, applied: [Int], names: [String], port: Int, daprPort: Int,
        runtime: Bool, web: String?, idle: Duration?, alwaysUp: [String], token: String
    ) {
        let base = "http://127.0.0.1:\(port)"
        var lines = [
            "todofn up",
            "  data directory   \(directory.path)  (secrets in \(directory.path)/secrets.json)",
            "  tasks database   \(location) (\(applied.last.map { "migrated to \($0)" } ?? "up to date"))",
            "  ingress          \(base)",
        ]
        for route in RouteTable.standard.routes {
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
            runtime
                ? "  dapr api         http://127.0.0.1:\(daprPort)  (app-id todofn)"
                : "  dapr api         not built yet (the embedded runtime lands with issue 5; functions get DAPR_HTTP_PORT=\(daprPort))"
        )
        if names.isEmpty {
            lines.append("  functions        none built yet: build them (swift build) and run `todofn up` again")
        } else {
            lines.append(
                "  functions        \(names.joined(separator: ", "))  (\(alwaysUp.map { "\($0) always up (min-scale); " }.joined())"
                    + "started on first request; \(idle.map { "stopped after \($0) idle" } ?? "kept warm"))"
            )
        }
        lines.append("  dev token        \(token)")
        lines.append("                   (user alice, 24 h; `todofn token <user> [--admin]` for others)")
        lines.append("  try              curl -H 'Authorization: Bearer <token>' \(base)/api/alice/tasks")
        lines.append("Ctrl-C stops it.")
        print(lines.joined(separator: "\n"))
        fflush(nil)
    }
}
