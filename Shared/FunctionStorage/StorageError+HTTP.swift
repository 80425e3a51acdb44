import FunctionRuntime
package import HTTPTypes
package import Storage

/// Storage errors answer as HTTP: a handler lets them propagate and the runtime renders the JSON error.
///
/// | code | status |
/// |---|---|
/// | notFound | 404 |
/// | versionConflict | 412 (the request's `If-Match` named another version) |
/// | duplicate, constraint, immutable | 409 |
/// | invalidInput | 400 |
/// | unavailable | 503 |
/// | anything else | 500, with a generic message (details stay in the log) |
extension StorageError: HTTPResponseError {
    /// The status for this error's code.
    package var status: HTTPStatus {
        switch code {
        case .notFound: .notFound
        case .versionConflict: .preconditionFailed
        case .duplicate, .constraint, .immutable: .conflict
        case .invalidInput: .badRequest
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// The client-facing message: this error's own for client errors, a generic one for server faults.
    package var clientMessage: String {
        status.code < 500 ? message : "the database failed (\(code)); the request was not applied"
    }
}
