/// An error from PostgreSQL or libpq, carrying the SQLSTATE when the server sent one.
///
/// ```swift
/// do { try connection.query("INSERT …", binds) }
/// catch let error as PostgresError where error.code == .uniqueViolation { … }
/// ```
package struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a small open set of typed codes.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case connectionFailure, authenticationFailed, uniqueViolation, foreignKeyViolation, checkViolation
            case notNullViolation, serializationFailure, deadlockDetected, undefinedTable, undefinedColumn
            case syntaxError, invalidInput, raisedException, queryCanceled, adminShutdown, readOnlyTransaction
            case resourceExhausted, protocolViolation, decoding, closed, other
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The connection could not be made or was lost (SQLSTATE class 08, or libpq reports a bad connection).
        package static let connectionFailure = Code(.connectionFailure)
        /// The server refused the credentials (28P01 / 28000).
        package static let authenticationFailed = Code(.authenticationFailed)
        /// 23505 `unique_violation`.
        package static let uniqueViolation = Code(.uniqueViolation)
        /// 23503 `foreign_key_violation`.
        package static let foreignKeyViolation = Code(.foreignKeyViolation)
        /// 23514 `check_violation`.
        package static let checkViolation = Code(.checkViolation)
        /// 23502 `not_null_violation`.
        package static let notNullViolation = Code(.notNullViolation)
        /// 40001 `serialization_failure`: retry the whole transaction.
        package static let serializationFailure = Code(.serializationFailure)
        /// 40P01 `deadlock_detected`: retry the whole transaction.
        package static let deadlockDetected = Code(.deadlockDetected)
        /// 42P01 `undefined_table`.
        package static let undefinedTable = Code(.undefinedTable)
        /// 42703 `undefined_column`.
        package static let undefinedColumn = Code(.undefinedColumn)
        /// 42601 `syntax_error`.
        package static let syntaxError = Code(.syntaxError)
        /// Class 22 (data exception), such as text that is not a valid uuid.
        package static let invalidInput = Code(.invalidInput)
        /// P0001 `raise_exception` from a PL/pgSQL `RAISE` (such as the audit immutability trigger).
        package static let raisedException = Code(.raisedException)
        /// 57014 `query_canceled` (statement timeout or cancel request).
        package static let queryCanceled = Code(.queryCanceled)
        /// 57P01 `admin_shutdown`: the backend was terminated (`pg_terminate_backend`, server shutdown).
        package static let adminShutdown = Code(.adminShutdown)
        /// 25006 `read_only_sql_transaction`.
        package static let readOnlyTransaction = Code(.readOnlyTransaction)
        /// Class 53 (insufficient resources) or a local resource (thread) could not be made.
        package static let resourceExhausted = Code(.resourceExhausted)
        /// libpq or the server reported something the client did not expect.
        package static let protocolViolation = Code(.protocolViolation)
        /// A column value could not be decoded into the requested Swift type.
        package static let decoding = Code(.decoding)
        /// The pool or connection was closed by its owner.
        package static let closed = Code(.closed)
        /// Any other SQLSTATE; see ``PostgresError/sqlState``.
        package static let other = Code(.other)

        /// The code's name.
        package var description: String { "\(value)" }

        /// Maps a SQLSTATE to a code.
        package init(sqlState: String) {
            switch sqlState {
            case "23505": self = .uniqueViolation
            case "23503": self = .foreignKeyViolation
            case "23514": self = .checkViolation
            case "23502": self = .notNullViolation
            case "40001": self = .serializationFailure
            case "40P01": self = .deadlockDetected
            case "42P01": self = .undefinedTable
            case "42703": self = .undefinedColumn
            case "42601": self = .syntaxError
            case "P0001": self = .raisedException
            case "57014": self = .queryCanceled
            case "57P01", "57P02", "57P03": self = .adminShutdown
            case "25006": self = .readOnlyTransaction
            case "28P01", "28000": self = .authenticationFailed
            default:
                switch sqlState.prefix(2) {
                case "08": self = .connectionFailure
                case "22": self = .invalidInput
                case "53": self = .resourceExhausted
                default: self = .other
                }
            }
        }
    }

    /// The typed code.
    package var code: Code
    /// The five-character SQLSTATE, when the server sent one.
    package var sqlState: String?
    /// The server's primary message or libpq's error text.
    package var message: String
    /// The server's DETAIL field, if any.
    package var detail: String?
    /// The constraint the statement violated, if any.
    package var constraint: String?
    /// Whether the connection is unusable after this error.
    package var connectionLost: Bool
    /// Whether the connection was lost while COMMIT was in flight, so the transaction may or may not have
    /// committed; such an error is never retryable, because running the work again could apply it twice.
    package var commitInDoubt = false

    /// Makes an error.
    package init(
        _ code: Code, sqlState: String? = nil, message: String, detail: String? = nil, constraint: String? = nil,
        connectionLost: Bool = false
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
        self.connectionLost = connectionLost
    }

    /// Whether running the whole unit of work again may succeed: serialization failures, deadlocks and lost
    /// connections (the caller only retries a lost connection when no transaction was in flight, or when the
    /// transaction is retried as a whole).
    package var isRetryable: Bool {
        guard !commitInDoubt else { return false }
        return code == .serializationFailure || code == .deadlockDetected || code == .connectionFailure
            || code == .adminShutdown || connectionLost
    }

    /// `"<code> [SQLSTATE]: message (detail)"`.
    package var description: String {
        var text = "PostgreSQL \(code)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }
}
