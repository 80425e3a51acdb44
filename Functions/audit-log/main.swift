import Authentication
import Crypto
import Dapr
import FunctionRuntime
import FunctionStorage
import Storage

// audit-log: the append-only, hash-chained record of every event (see AuditLogHandler).
let configuration = Configuration.fromEnvironmentOrExit()
let logger = FunctionServer.makeLogger(configuration, handler: JSONLogHandler())
let dapr = HTTPDaprClient(configuration: configuration)
let stores = await Startup.required("open the database", logger: logger) {
    try await FunctionDatabase.open(configuration, logger: logger)
}
let key = await Startup.required("read the JWT signing key", logger: logger) {
    try await SigningKey.load(configuration: configuration, dapr: dapr)
}
try await FunctionServer.run(
    AuditLogHandler(audit: stores.audit, authenticator: BearerAuthenticator(signer: JWTSigner(secret: key))),
    configuration: configuration)
