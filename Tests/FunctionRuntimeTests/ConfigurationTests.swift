import FoundationEssentials
import FunctionRuntime
import HTTPServer
import Testing

@Suite struct ConfigurationTests {
    @Test("an empty environment gives the defaults")
    func defaults() throws {
        let config = try Configuration.fromEnvironment([:])
        #expect(config.host == "0.0.0.0")
        #expect(config.port == 8080)
        #expect(config.logLevel == .info)
        #expect(config.daprHTTPEndpoint == "http://127.0.0.1:3500")
        #expect(config.daprAPIToken == nil)
        #expect(config.appAPIToken == nil)
        #expect(config.databaseURL == nil)
        #expect(config.maxBodyBytes == 4 * 1024 * 1024)
        #expect(config.readTimeout == .seconds(30))
        #expect(config.workerCount == nil)
        #expect(!config.functionName.isEmpty)
    }

    @Test("the default environment is the process environment, read without ProcessInfo")
    func processEnvironment() throws {
        let environment = Configuration.processEnvironment()
        #expect(!environment.isEmpty)
        #expect(environment == ProcessInfo.processInfo.environment)
    }

    @Test("every variable is read")
    func values() throws {
        let config = try Configuration.fromEnvironment([
            "PORT": "9000", "HOST": "127.0.0.1", "LOG_LEVEL": "DEBUG", "APP_ID": "task-crud",
            "DAPR_API_TOKEN": "to-dapr", "APP_API_TOKEN": "from-dapr", "DATABASE_URL": "postgresql://db/todo",
            "HEADER_TIMEOUT": "500ms", "READ_TIMEOUT": "2m", "IDLE_TIMEOUT": "15", "SHUTDOWN_TIMEOUT": "1.5s",
            "MAX_BODY_BYTES": "512KiB", "HTTP_WORKERS": "3", "MAX_CONNECTIONS_PER_CLIENT": "0", "CUSTOM_KEY": "42",
        ])
        #expect(config.port == 9000)
        #expect(config.host == "127.0.0.1")
        #expect(config.logLevel == .debug)
        #expect(config.functionName == "task-crud")
        #expect(config.daprAPIToken == "to-dapr")
        #expect(config.appAPIToken == "from-dapr")
        #expect(config.databaseURL == "postgresql://db/todo")
        #expect(config.headerTimeout == .milliseconds(500))
        #expect(config.readTimeout == .seconds(120))
        #expect(config.idleTimeout == .seconds(15))
        #expect(config.shutdownTimeout == .milliseconds(1500))
        #expect(config.maxConnectionsPerClient == 0)
        #expect(HTTPServerTransport.serverConfiguration(config).maxConnectionsPerClient == 0)
        #expect(try Configuration.fromEnvironment([:]).maxConnectionsPerClient == 1024)
        #expect(config.maxBodyBytes == 512 * 1024)
        #expect(config.workerCount == 3)
        #expect(try config.value("CUSTOM_KEY", as: Int.self) == 42)
        #expect(config.value("MISSING") == nil)
    }

    @Test("DAPR_HTTP_ENDPOINT wins over DAPR_HOST and DAPR_HTTP_PORT, which build the URL otherwise")
    func daprEndpoint() throws {
        let port = try Configuration.fromEnvironment(["DAPR_HTTP_PORT": "3601"])
        #expect(port.daprHTTPEndpoint == "http://127.0.0.1:3601")
        let host = try Configuration.fromEnvironment(["DAPR_HOST": "dapr.local", "DAPR_HTTP_PORT": "3602"])
        #expect(host.daprHTTPEndpoint == "http://dapr.local:3602")
        let both = try Configuration.fromEnvironment([
            "DAPR_HTTP_ENDPOINT": "https://dapr-shared.default.svc:3500/", "DAPR_HTTP_PORT": "3601",
        ])
        #expect(both.daprHTTPEndpoint == "https://dapr-shared.default.svc:3500")
    }

    @Test("every bad value is reported at once, one message per variable")
    func everyBadValue() {
        let bad = [
            "PORT": "eighty", "LOG_LEVEL": "loud", "DAPR_HTTP_PORT": "0", "DAPR_HTTP_ENDPOINT": "ftp://x",
            "HEADER_TIMEOUT": "soon", "READ_TIMEOUT": "-1s", "IDLE_TIMEOUT": "0", "SHUTDOWN_TIMEOUT": "10 years",
            "MAX_BODY_BYTES": "lots", "HTTP_WORKERS": "0", "MAX_CONNECTIONS_PER_CLIENT": "-1",
        ]
        #expect {
            try Configuration.fromEnvironment(bad)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            let named = Set(error.problems.compactMap { $0.split(separator: ":").first.map(String.init) })
            return error.code == .invalidValue && error.problems.count == bad.count && named == Set(bad.keys)
                && error.description.hasPrefix("invalid configuration:\n  ")
                && error.problems.contains("LOG_LEVEL: 'loud' is not trace|debug|info|notice|warning|error|critical")
        }
    }

    @Test("values are trimmed of spaces and tabs, and a blank value means the default")
    func trimming() throws {
        let config = try Configuration.fromEnvironment(["HOST": " \t ", "APP_ID": "\t audit-log \t", "LOG_LEVEL": "\tdebug"])
        #expect(config.host == "0.0.0.0")
        #expect(config.functionName == "audit-log")
        #expect(config.logLevel == .debug)
    }

    @Test("a port out of range and a typed accessor that does not convert are clear errors")
    func rangesAndAccessor() throws {
        #expect(throws: ConfigurationError.self) { try Configuration.fromEnvironment(["PORT": "70000"]) }
        let config = try Configuration.fromEnvironment(["BATCH": "many", "PORT": " 8081 "])
        #expect(config.port == 8081)
        #expect {
            try config.value("BATCH", as: Int.self)
        } throws: { error in
            (error as? ConfigurationError)?.problems == ["BATCH: 'many' is not a valid Int"]
        }
        #expect {
            try config.require("NOT_SET")
        } throws: { error in
            (error as? ConfigurationError)?.code == .missingValue
        }
    }
}
