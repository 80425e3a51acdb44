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

    init(
        configuration: EmbeddedRuntimeConfiguration, components: RuntimeComponents, hub: DeliveryHub,
        state: StateStore, logger: RuntimeLogger
    ) {
        self.configuration = configuration
        self.components = components
        self.hub = hub
        self.state = state
        self.logger = logger
    }

    /// Whether `appID` is one of the configured apps.
    func knowsApp(_ appID: String) -> Bool { configuration.apps.contains { $0.appID == appID } }
}
