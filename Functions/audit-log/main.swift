import FunctionBootstrap
import Storage

// audit-log: the append-only, hash-chained record of every event (see AuditLogHandler).
let app = await FunctionBootstrap.start()
await app.serve(
    AuditLogHandler(
        audit: app.stores.audit, appends: AuditAppendQueue(audit: app.stores.audit), authenticator: app.authenticator))
