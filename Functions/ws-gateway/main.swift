import Authentication
import Crypto
import Dapr
import DaprSubscriber
import FunctionRuntime
import LiveUpdates

// ws-gateway: the browsers' WebSocket connections and live updates (see GatewayUpgrader, docs/websocket.md).
var configuration = Configuration.fromEnvironmentOrExit()
// Every socket reaches the gateway through a proxy (the `todofn up` ingress, the cluster's Ingress), so they all share
// the proxy's address: a per-address cap would cap the gateway itself. Each socket is authenticated before the upgrade.
if configuration.value("MAX_CONNECTIONS_PER_CLIENT") == nil { configuration.maxConnectionsPerClient = 0 }
let logger = FunctionServer.makeLogger(configuration, handler: JSONLogHandler())
let settings = GatewaySettings(configuration)
let fileLimit = GatewaySettings.raiseFileLimit()
let dapr = HTTPDaprClient(configuration: configuration)
let key = await Startup.required("read the JWT signing key", logger: logger) {
    try await SigningKey.load(configuration: configuration, dapr: dapr)
}
let presence = PresenceKeeper(dapr: dapr, replicaURL: settings.replicaURL, logger: logger)
let (presenceChanges, presenceSink) = AsyncStream.makeStream(of: ConnectionHub.PresenceChange.self)
let hub = ConnectionHub { presenceSink.yield($0) }
// One writer of this replica's presence, so a user's join and leave are written in the order they happened.
let presenceWriter = Task {
    for await change in presenceChanges {
        let written = await presence.update(change.userID, present: change.join != nil)
        change.join?.finish(written: written)
    }
}
let heartbeat = Task { await presence.run(hub: hub, interval: .seconds(LiveState.presenceTTLMilliseconds / 3000)) }
let ticks = Task { await hub.runTicks(pingInterval: settings.pingInterval, holdTimeout: .seconds(2)) }
logger.info("Gateway replica", metadata: ["replica.url": .string(settings.replicaURL), "nofile": "\(fileLimit)"])
try await FunctionServer.run(
    WsGatewayHandler(hub: hub), configuration: configuration,
    upgrader: GatewayUpgrader(
        hub: hub, dapr: dapr, signer: JWTSigner(secret: key), logger: logger))
for task in [heartbeat, ticks] { task.cancel() }
presenceSink.finish()
presenceWriter.cancel()
