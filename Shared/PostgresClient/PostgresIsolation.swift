/// A transaction isolation level.
package struct PostgresIsolation: Hashable, Sendable {
    /// The statement that opens a transaction at this level.
    package let beginStatement: String

    /// READ COMMITTED, PostgreSQL's default.
    package static let readCommitted = PostgresIsolation(beginStatement: "BEGIN")
    /// REPEATABLE READ.
    package static let repeatableRead = PostgresIsolation(beginStatement: "BEGIN ISOLATION LEVEL REPEATABLE READ")
    /// SERIALIZABLE: conflicting transactions fail with ``PostgresError/Code/serializationFailure``.
    package static let serializable = PostgresIsolation(beginStatement: "BEGIN ISOLATION LEVEL SERIALIZABLE")
}
