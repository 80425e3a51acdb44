import Authentication
import Crypto
import Dapr
import FunctionRuntime
import FunctionStorage
import Storage

// audit-log: the append-only, keyed-chain record of every event (see AuditLogHandler).
let configuration = Configuration.fromEnvironmentOrExit()
let logger = FunctionServer.makeLogger(configuration, handler: JSONLogHandler())
let dapr = HTTPDaprClient(configuration: configuration)
let key = await Startup.required("read the JWT signing key", logger: logger) {
    try await SigningKey.load(configuration: configuration, dapr: dapr)
}
let chainKey = await Startup.required("read the audit chain key", logger: logger) {
    try await SigningKey.load(
        SigningKey.auditChainSecretName, variable: "AUDIT_CHAIN_KEY", configuration: configuration, dapr: dapr)
}
let stores = await Startup.required("open the database", logger: logger) {
    try await FunctionDatabase.open(configuration, logger: logger, auditChainKey: chainKey)
}
let checkpoints = AuditCheckpoints(
    dapr: dapr, audit: stores.audit, chainKey: chainKey, hasher: CryptoAuditHasher(), logger: logger)
try await FunctionServer.run(
    AuditLogHandler(
        audit: stores.audit, appends: AuditAppendQueue(audit: stores.audit, headWritten: checkpoints.save),
        authenticator: BearerAuthenticator(signer: JWTSigner(secret: key)), checkpoints: checkpoints),
    configuration: configuration)
