import HTTPTypes
import Synchronization

/// What every API handler shares: configuration, components, the log and state store, and the live
/// subscription list.
final class RuntimeCore: Sendable {
    let configuration: EmbeddedRuntimeConfiguration
    let components: RuntimeComponents
    let hub: DeliveryHub
    let state: StateStore
    let logger: RuntimeLogger
    let extended = Mutex<[String: String]>([:])
    let subscriptions = Mutex<[ResolvedSubscription]>([])
    let invocations = InFlightInvocations()
    /// Each app's secret scopes and the access control of invocations of it, from its Configuration.
    let secretScopes: [String: SecretScopes]
    let accessControl: [String: AccessControl]
    /// Each app's port token (`appAPITokens`, else `apiToken`), as bytes; absent when the port is open.
    let apiTokens: [String: [UInt8]]
    /// The (app-id, pubsub, topic) keys a publish was already allowed on: the components never change while the
    /// runtime runs, so the scope rules need not be read again for every event. Bounded (see `PublishAPI.validate`).
    let allowedPublishes = Mutex<Set<String>>([])

    init(
        configuration: EmbeddedRuntimeConfiguration, components: RuntimeComponents, hub: DeliveryHub,
        state: StateStore, logger: RuntimeLogger
    ) {
        self.configuration = configuration
        self.components = components
        self.hub = hub
        self.state = state
        self.logger = logger
        var scopes: [String: SecretScopes] = [:]
        var access: [String: AccessControl] = [:]
        var tokens: [String: [UInt8]] = [:]
        for app in configuration.apps {
            let resource = components.configuration(
                for: app.appID, defaultName: configuration.defaultConfigurationName)
            scopes[app.appID] = resource.map(SecretScopes.init) ?? SecretScopes()
            access[app.appID] = resource.map(AccessControl.init) ?? AccessControl()
            if let token = configuration.appAPITokens[app.appID] ?? configuration.apiToken, !token.isEmpty {
                tokens[app.appID] = Array(token.utf8)
            }
        }
        secretScopes = scopes
        accessControl = access
        apiTokens = tokens
    }

    /// Whether the first segment of an invoked method is a route only Dapr calls: pub/sub deliveries (`events`),
    /// job triggers (`job`), the subscription and config probes (`dapr`), internal endpoints (`internal`) and the
    /// bindings' routes. Checked on the method as forwarded and on its percent-decoded form.
    func isDaprFacing(_ method: String) -> Bool {
        for form in [method, PercentEncoding.decode(method)] {
            let first = form.split(separator: "/").first.map { String($0).lowercased() } ?? ""
            if ["events", "job", "dapr", "internal"].contains(first) || components.bindingRoutes.contains(first) {
                return true
            }
        }
        return false
    }

    /// Whether `appID` is one of the configured apps.
    func knowsApp(_ appID: String) -> Bool { configuration.apps.contains { $0.appID == appID } }
}
