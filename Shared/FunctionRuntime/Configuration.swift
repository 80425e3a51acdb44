import Glibc

/// The function's settings, read once from the environment at start-up; handlers receive values through `init`.
///
/// ```swift
/// let config = try Configuration.fromEnvironment()        // throws one message per bad variable
/// let topic = config.environment["AUDIT_TOPIC"] ?? "task-events"
/// try await FunctionServer.run(AuditLogHandler(store: store), configuration: config)
/// ```
package struct Configuration: Sendable {
    /// Listening address (`HOST`, default `0.0.0.0`).
    package var host: String = "0.0.0.0"
    /// Listening port (`PORT`, default 8080; 0 picks a free one).
    package var port: Int = 8080
    /// Minimum log level (`LOG_LEVEL`, default `info`).
    package var logLevel: Logger.Level = .info
    /// The function's name and Dapr app-id (`APP_ID`, default the executable's name).
    package var functionName: String = "function"
    /// Base URL of the Dapr HTTP API, without a trailing slash (`DAPR_HTTP_ENDPOINT`, else
    /// `http://$DAPR_HOST:$DAPR_HTTP_PORT`, default `http://127.0.0.1:3500`).
    package var daprHTTPEndpoint: String = "http://127.0.0.1:3500"
    /// Token this function sends to Dapr (`DAPR_API_TOKEN`).
    package var daprAPIToken: String?
    /// Token Dapr sends to this function; when set, Dapr-facing routes require it (`APP_API_TOKEN`).
    package var appAPIToken: String?
    /// Database location (`DATABASE_URL`); nil lets the function pick its embedded default.
    package var databaseURL: String?
    /// Time to receive a request head (`HEADER_TIMEOUT`, default 10s).
    package var headerTimeout: Duration = .seconds(10)
    /// Time to receive a request body (`READ_TIMEOUT`, default 30s).
    package var readTimeout: Duration = .seconds(30)
    /// Time an idle keep-alive connection is kept (`IDLE_TIMEOUT`, default 60s).
    package var idleTimeout: Duration = .seconds(60)
    /// Time in-flight requests get to finish after SIGTERM (`SHUTDOWN_TIMEOUT`, default 10s).
    package var shutdownTimeout: Duration = .seconds(10)
    /// Largest accepted request body (`MAX_BODY_BYTES`, e.g. `1048576` or `4MiB`; default 4 MiB); over it → 413.
    package var maxBodyBytes: Int = 4 * 1024 * 1024
    /// Event-loop threads (`HTTP_WORKERS`); nil: the server's default (one per core).
    package var workerCount: Int?
    /// Open connections admitted per source address (`MAX_CONNECTIONS_PER_CLIENT`, default 1,024; 0: no limit).
    /// Behind a proxy every connection has the proxy's address, so a function that sits behind one and holds many
    /// connections (ws-gateway) lifts it.
    package var maxConnectionsPerClient: Int = 1024
    /// The process that supervises this one (`TODOFN_SUPERVISOR_PID`, set by `todofn up`); the function stops
    /// when its parent is no longer that process.
    package var supervisorPID: Int32?
    /// The whole environment as read, for function-specific keys (see `value(_:as:)`).
    package let environment: [String: String]

    /// A configuration with every default, over `environment` (which is not parsed): the start of a test setup.
    package init(environment: [String: String] = [:]) {
        self.environment = environment
    }

    /// Reads and checks every variable at once.
    /// - Parameter environment: the variables (default: the process environment).
    /// - Returns: the configuration.
    /// - Throws: `ConfigurationError` with one message per bad variable.
    package static func fromEnvironment(
        _ environment: [String: String] = Configuration.processEnvironment()
    ) throws(ConfigurationError) -> Configuration {
        var reader = EnvironmentReader(environment)
        var config = Configuration(environment: environment)
        config.host = reader.string("HOST") ?? config.host
        config.port = reader.integer("PORT", in: 0...65535, expected: "a port number 0-65535") ?? config.port
        let level = reader.parse("LOG_LEVEL", expected: Logger.Level.allCases.map(\.rawValue).joined(separator: "|")) {
            Logger.Level(rawValue: $0.lowercased())
        }
        config.logLevel = level ?? config.logLevel
        config.functionName = reader.string("APP_ID") ?? EnvironmentReader.executableName() ?? config.functionName
        config.daprHTTPEndpoint = reader.daprEndpoint() ?? config.daprHTTPEndpoint
        config.daprAPIToken = reader.string("DAPR_API_TOKEN")
        config.appAPIToken = reader.string("APP_API_TOKEN")
        config.databaseURL = reader.string("DATABASE_URL")
        config.headerTimeout = reader.duration("HEADER_TIMEOUT") ?? config.headerTimeout
        config.readTimeout = reader.duration("READ_TIMEOUT") ?? config.readTimeout
        config.idleTimeout = reader.duration("IDLE_TIMEOUT") ?? config.idleTimeout
        config.shutdownTimeout = reader.duration("SHUTDOWN_TIMEOUT") ?? config.shutdownTimeout
        config.maxBodyBytes = reader.byteCount("MAX_BODY_BYTES") ?? config.maxBodyBytes
        config.workerCount = reader.integer("HTTP_WORKERS", in: 1...256, expected: "a thread count 1-256")
        config.maxConnectionsPerClient =
            reader.integer("MAX_CONNECTIONS_PER_CLIENT", in: 0...1_048_576, expected: "a connection count (0: no limit)")
            ?? config.maxConnectionsPerClient
        config.supervisorPID = reader.integer("TODOFN_SUPERVISOR_PID", in: 1...Int(Int32.max), expected: "a process id")
            .map { Int32($0) }
        if !reader.problems.isEmpty { throw ConfigurationError(.invalidValue, problems: reader.problems) }
        return config
    }

    /// A function-specific variable as text, or nil when unset or empty.
    package func value(_ key: String) -> String? {
        guard let value = environment[key], !value.isEmpty else { return nil }
        return value
    }

    /// A function-specific variable converted to `type`, or nil when unset.
    /// - Throws: `ConfigurationError` naming the variable when it does not convert.
    package func value<Value: LosslessStringConvertible>(_ key: String, as type: Value.Type) throws(ConfigurationError)
        -> Value?
    {
        guard let text = value(key) else { return nil }
        guard let converted = Value(text) else {
            throw ConfigurationError(.invalidValue, problems: ["\(key): '\(text)' is not a valid \(Value.self)"])
        }
        return converted
    }

    /// A function-specific variable that must be set.
    /// - Throws: `ConfigurationError` naming the variable when it is unset or empty.
    package func require(_ key: String) throws(ConfigurationError) -> String {
        guard let text = value(key) else {
            throw ConfigurationError(.missingValue, problems: ["\(key): required but not set"])
        }
        return text
    }
}

extension Configuration {
    /// Like `fromEnvironment`, but on bad values writes one line per problem to stderr and exits with status 78
    /// (`EX_CONFIG`) instead of trapping with a top-level error.
    /// - Parameter environment: the variables (default: the process environment).
    /// - Returns: the configuration.
    package static func fromEnvironmentOrExit(
        _ environment: [String: String] = Configuration.processEnvironment()
    ) -> Configuration {
        do {
            return try fromEnvironment(environment)
        } catch {
            let line = Array("\(error.description)\n".utf8)
            line.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
            exit(78)
        }
    }
}

extension Configuration {
    /// The process environment, read from `environ`: `ProcessInfo.processInfo` costs about 0.3 ms to set up, a tenth
    /// of a function's whole cold start.
    package static func processEnvironment() -> [String: String] {
        var environment: [String: String] = [:]
        let start: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard var cursor = start else { return environment }
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let value = text[text.utf8.index(after: equals)...]
                environment[String(text[..<equals])] = String(value)
            }
            cursor += 1
        }
        return environment
    }
}
