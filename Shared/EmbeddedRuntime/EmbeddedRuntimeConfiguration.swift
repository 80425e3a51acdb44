package import EmbeddedSeams
/// Everything an `EmbeddedDaprRuntime` needs: where its data and resources live, the apps it serves, how it
/// reaches them, and its delivery tuning.
package struct EmbeddedRuntimeConfiguration: Sendable {
    /// One app served by the runtime, and the port of its Dapr HTTP API (`DAPR_HTTP_PORT`).
    package struct App: Sendable, Hashable {
        /// The app-id (the function name).
        package var appID: String
        /// The Dapr API port for this app; 0 picks a free one.
        package var apiPort: Int

        /// Creates an app entry.
        package init(appID: String, apiPort: Int = 0) {
            self.appID = appID
            self.apiPort = apiPort
        }
    }

    /// The data directory (`.todofn/`): `dapr.sqlite` and `secrets.json` live here.
    package var dataDirectory: String
    /// The `dapr/` folder with components, subscriptions and configuration; nil loads nothing.
    package var resourcesDirectory: String?
    /// The apps; add `App(appID: "todofn", apiPort: 3500)` for the shared port of the CLI and tools.
    package var apps: [App]
    /// How the runtime calls an app.
    package var appChannel: AppChannel
    /// Extra API modules tried before the built-in routes' fallback (the jobs engine).
    package var extraModules: [DaprAPIModule]
    /// `DAPR_API_TOKEN`: when set, every request but healthz must carry `dapr-api-token`.
    package var apiToken: String?
    /// Tokens of single apps' ports (app-id → token), so a port identifies its caller even to another app that
    /// holds a token; an app without an entry takes `apiToken`.
    package var appAPITokens: [String: String]
    /// The Configuration an app without a `<app-id>-config` of its own runs with (secret scopes, access control).
    package var defaultConfigurationName: String
    /// The address the API ports bind to.
    package var host: String
    /// Re-fetch `GET /dapr/subscribe` from every app at start instead of using the cached answers.
    package var refreshSubscriptions: Bool
    /// Delivery retries, timeouts and concurrency.
    package var delivery: DeliveryPolicy
    /// The runtime version reported by `/v1.0/metadata`.
    package var runtimeVersion: String
    /// Event-loop threads per API server.
    package var serverWorkers: Int

    /// Creates a configuration.
    package init(
        dataDirectory: String, resourcesDirectory: String? = nil, apps: [App],
        appChannel: @escaping AppChannel, extraModules: [DaprAPIModule] = [], apiToken: String? = nil,
        appAPITokens: [String: String] = [:], defaultConfigurationName: String = "todo-config", host: String = "127.0.0.1",
        refreshSubscriptions: Bool = false, delivery: DeliveryPolicy = .init(),
        runtimeVersion: String = "1.16.0-embedded", serverWorkers: Int = 1
    ) {
        self.dataDirectory = dataDirectory
        self.resourcesDirectory = resourcesDirectory
        self.apps = apps
        self.appChannel = appChannel
        self.extraModules = extraModules
        self.apiToken = apiToken
        self.appAPITokens = appAPITokens
        self.defaultConfigurationName = defaultConfigurationName
        self.host = host
        self.refreshSubscriptions = refreshSubscriptions
        self.delivery = delivery
        self.runtimeVersion = runtimeVersion
        self.serverWorkers = serverWorkers
    }
}
