/// An error from a store, independent of the backend.
package struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case notFound, versionConflict, duplicate, constraint, immutable, unavailable, authentication
            case invalidInput, corruptData, migrationFailed, database
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No row with that id (for that user).
        package static let notFound = Code(.notFound)
        /// The row's version is not the expected one (optimistic concurrency); reload and retry.
        package static let versionConflict = Code(.versionConflict)
        /// A unique key already exists.
        package static let duplicate = Code(.duplicate)
        /// A foreign key, check or not-null constraint failed.
        package static let constraint = Code(.constraint)
        /// The database refused to change an immutable row (audit entries).
        package static let immutable = Code(.immutable)
        /// The database cannot be reached or the connection was lost; retrying later may work.
        package static let unavailable = Code(.unavailable)
        /// The database refused the credentials.
        package static let authentication = Code(.authentication)
        /// The input cannot be stored (a bad cursor, a bad value).
        package static let invalidInput = Code(.invalidInput)
        /// The database returned something the store cannot read.
        package static let corruptData = Code(.corruptData)
        /// A migration failed and was rolled back.
        package static let migrationFailed = Code(.migrationFailed)
        /// Any other database error; see `underlying`.
        package static let database = Code(.database)

        /// The code's name.
        package var description: String { "\(value)" }
    }

    /// The typed code.
    package var code: Code
    /// What happened, for people.
    package var message: String
    /// The backend's error (``PostgresClient``'s or ``SQLiteClient``'s), if any.
    package var underlying: (any Error)?

    /// Makes an error.
    package init(_ code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// `"storage <code>: message [underlying]"`.
    package var description: String {
        "storage \(code): \(message)" + (underlying.map { " [\($0)]" } ?? "")
    }
}
