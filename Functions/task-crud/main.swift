import Authentication
import Crypto
import Dapr
import EventRelay
import FunctionRuntime
import FunctionStorage
import Storage

// task-crud: the tasks REST API and the outbox relay (see TaskCrudHandler).
let configuration = Configuration.fromEnvironmentOrExit()
let logger = FunctionServer.makeLogger(configuration, handler: JSONLogHandler())
let dapr = HTTPDaprClient(configuration: configuration)
let stores = await Startup.required("open the database", logger: logger) {
    try await FunctionDatabase.open(configuration, logger: logger)
}
let key = await Startup.required("read the JWT signing key", logger: logger) {
    try await SigningKey.load(configuration: configuration, dapr: dapr)
}
let publisher = await Startup.required("choose the outbox publish mode", logger: logger) {
    try DaprEventPublisher(dapr: dapr, configuration: configuration)
}
// A 10 s lease: a relay killed mid-batch holds its claim that long before another publishes the batch again.
let relay = OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: publisher, lease: .seconds(10)))
let relayTask = Task { await relay.run(logger: logger) }
try await FunctionServer.run(
    TaskCrudHandler(
        tasks: stores.tasks, conversations: stores.conversations, settings: stores.settings,
        authenticator: BearerAuthenticator(signer: JWTSigner(secret: key)), relay: relay),
    configuration: configuration)
relayTask.cancel()
