import FunctionBootstrap
import Storage

// audit-log: the append-only, keyed-chain record of every event (see AuditLogHandler).
let app = await FunctionBootstrap.start(auditChainKey: true)
let checkpoints = AuditCheckpoints(
    dapr: app.dapr, audit: app.stores.audit, chainKey: app.auditChainKey ?? [], hasher: CryptoAuditHasher(), logger: app.logger)
// Two bulks in flight (the runtime's bulk concurrency) fit one transaction.
let appends = AuditAppendQueue(audit: app.stores.audit, maximumBatch: 1_000, headWritten: checkpoints.save)
await app.serve(
    AuditLogHandler(audit: app.stores.audit, appends: appends, authenticator: app.authenticator, checkpoints: checkpoints))
