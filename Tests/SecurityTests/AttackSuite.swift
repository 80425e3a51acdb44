import Testing

/// The attack tests of issue 11, one after another: each starts its own `todofn up`, and stacks started side by
/// side on one machine can pick the same free port for two functions (the supervisor would then wait for, and
/// talk to, another stack's process). Serialized, the suite still runs in well under a minute.
@Suite("attack suite", .serialized)
enum AttackSuite {}
