/// An error from SQLite, carrying its (extended) result code and message.
package struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a small open set of typed codes.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case busy, uniqueViolation, foreignKeyViolation, checkViolation, notNullViolation, constraint
            case triggerAbort, cantOpen, readOnly, ioError, corrupt, full, misuse, decoding, resourceExhausted
            case closed, other
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// SQLITE_BUSY / SQLITE_LOCKED after the busy timeout.
        package static let busy = Code(.busy)
        /// SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY.
        package static let uniqueViolation = Code(.uniqueViolation)
        /// SQLITE_CONSTRAINT_FOREIGNKEY.
        package static let foreignKeyViolation = Code(.foreignKeyViolation)
        /// SQLITE_CONSTRAINT_CHECK.
        package static let checkViolation = Code(.checkViolation)
        /// SQLITE_CONSTRAINT_NOTNULL.
        package static let notNullViolation = Code(.notNullViolation)
        /// Another SQLITE_CONSTRAINT.
        package static let constraint = Code(.constraint)
        /// SQLITE_CONSTRAINT_TRIGGER: a trigger ran `RAISE(ABORT, …)` (such as the audit immutability trigger).
        package static let triggerAbort = Code(.triggerAbort)
        /// SQLITE_CANTOPEN.
        package static let cantOpen = Code(.cantOpen)
        /// SQLITE_READONLY.
        package static let readOnly = Code(.readOnly)
        /// SQLITE_IOERR.
        package static let ioError = Code(.ioError)
        /// SQLITE_CORRUPT / SQLITE_NOTADB.
        package static let corrupt = Code(.corrupt)
        /// SQLITE_FULL.
        package static let full = Code(.full)
        /// SQLITE_MISUSE, SQLITE_ERROR and SQLITE_RANGE: the SQL or its binds are wrong.
        package static let misuse = Code(.misuse)
        /// A column value could not be read as the requested type.
        package static let decoding = Code(.decoding)
        /// Memory or a thread could not be had.
        package static let resourceExhausted = Code(.resourceExhausted)
        /// The database was closed by its owner.
        package static let closed = Code(.closed)
        /// Anything else; see ``SQLiteError/resultCode``.
        package static let other = Code(.other)

        /// The code's name.
        package var description: String { "\(value)" }

        /// Maps an extended result code.
        package init(resultCode: Int32) {
            switch resultCode {
            case 2067, 1555: self = .uniqueViolation
            case 787: self = .foreignKeyViolation
            case 275: self = .checkViolation
            case 1299: self = .notNullViolation
            case 1811: self = .triggerAbort
            default:
                switch resultCode & 0xff {
                case 5, 6: self = .busy
                case 19: self = .constraint
                case 14: self = .cantOpen
                case 8: self = .readOnly
                case 10: self = .ioError
                case 11, 26: self = .corrupt
                case 13: self = .full
                case 1, 21, 25: self = .misuse
                case 7: self = .resourceExhausted
                default: self = .other
                }
            }
        }
    }

    /// The typed code.
    package var code: Code
    /// SQLite's extended result code, when SQLite produced the error.
    package var resultCode: Int32?
    /// SQLite's message (`sqlite3_errmsg`) or ours.
    package var message: String

    /// Makes an error.
    package init(_ code: Code, resultCode: Int32? = nil, message: String) {
        self.code = code
        self.resultCode = resultCode
        self.message = message
    }

    /// `"SQLite <code> (<result code>): message"`.
    package var description: String {
        "SQLite \(code)" + (resultCode.map { " (\($0))" } ?? "") + ": \(message)"
    }
}
