import FoundationEssentials
import HTTPClient
package import HTTPTypes

/// An error from Dapr or from reaching it: the sidecar's `{errorCode, message}` mapped to a `Code`, or a transport
/// failure.
///
/// `errorCode` keeps daprd's own tag (`ERR_STATE_SAVE`, `DAPR_SCHEDULER_SCHEDULE_JOB`, …) for logs and for cases the
/// `Code` does not single out.
package struct DaprError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as far as a caller needs to branch on it.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case unauthorized, forbidden, pubsubNotFound, stateStoreNotFound, secretStoreNotFound, etagMismatch
            case etagInvalid, jobAlreadyExists, badRequest, invalidArgument, routeNotFound, operationFailed
            case connection, timeout, transport, invalidResponse, sidecarUnavailable
        }
        private let kind: Kind
        /// 401: the `dapr-api-token` was missing or wrong.
        package static let unauthorized = Code(kind: .unauthorized)
        /// 403: the topic or secret is not allowed for this app (`ERR_PUBSUB_FORBIDDEN`, `ERR_PERMISSION_DENIED`).
        package static let forbidden = Code(kind: .forbidden)
        /// `ERR_PUBSUB_NOT_FOUND` (404, or 400 in a race), `ERR_PUBSUB_NOT_CONFIGURED`.
        package static let pubsubNotFound = Code(kind: .pubsubNotFound)
        /// `ERR_STATE_STORE_NOT_FOUND` (400) or `ERR_STATE_STORE_NOT_CONFIGURED` (500).
        package static let stateStoreNotFound = Code(kind: .stateStoreNotFound)
        /// `ERR_SECRET_STORE_NOT_FOUND` (401!) or `ERR_SECRET_STORES_NOT_CONFIGURED`.
        package static let secretStoreNotFound = Code(kind: .secretStoreNotFound)
        /// 409 on a state save or delete: the ETag did not match, or `first-write` found the key already there.
        package static let etagMismatch = Code(kind: .etagMismatch)
        /// 400 `ERR_STATE_SAVE`/`ERR_STATE_DELETE`: the store could not parse the ETag.
        package static let etagInvalid = Code(kind: .etagInvalid)
        /// 409 on a job schedule without `overwrite` (daprd 1.16+).
        package static let jobAlreadyExists = Code(kind: .jobAlreadyExists)
        /// Any other 400: the request was malformed (`ERR_MALFORMED_REQUEST`, `DAPR_SCHEDULER_SCHEDULE_EMPTY`, …).
        package static let badRequest = Code(kind: .badRequest)
        /// Rejected by this client before sending (an invalid job name, an empty component name).
        package static let invalidArgument = Code(kind: .invalidArgument)
        /// 404 `ERR_DIRECT_INVOKE` from daprd's fallback route: this daprd does not serve the API (e.g. jobs < 1.14).
        package static let routeNotFound = Code(kind: .routeNotFound)
        /// Any other error status from daprd (`ERR_STATE_SAVE` 500, `DAPR_SCHEDULER_SCHEDULE_JOB`, `ERR_SECRET_GET`, …).
        package static let operationFailed = Code(kind: .operationFailed)
        /// Could not connect to the sidecar (nothing was sent).
        package static let connection = Code(kind: .connection)
        /// The request timed out; it may or may not have taken effect.
        package static let timeout = Code(kind: .timeout)
        /// Another transport failure.
        package static let transport = Code(kind: .transport)
        /// daprd answered with a body this client could not decode.
        package static let invalidResponse = Code(kind: .invalidResponse)
        /// `waitForSidecar(timeout:)` gave up.
        package static let sidecarUnavailable = Code(kind: .sidecarUnavailable)

        package var description: String { kind.rawValue }
    }

    package var code: Code
    package var message: String
    /// The HTTP status daprd answered with; nil for transport failures and client-side checks.
    package var httpStatus: Int?
    /// daprd's `errorCode` tag, when it sent one.
    package var errorCode: String?
    package var underlying: (any Error)?

    /// Creates an error.
    package init(
        code: Code, message: String, httpStatus: Int? = nil, errorCode: String? = nil, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.errorCode = errorCode
        self.underlying = underlying
    }

    package var description: String {
        var text = "Dapr \(code)"
        if let httpStatus { text += " (HTTP \(httpStatus)" + (errorCode.map { " \($0)" } ?? "") + ")" }
        return text + ": " + message
    }

    /// Maps a transport error from `HTTPClient` (or anything else thrown while sending).
    package static func transport(_ error: any Error) -> DaprError {
        guard let clientError = error as? HTTPClientError else {
            return DaprError(code: .transport, message: "\(error)", underlying: error)
        }
        let code: Code =
            switch clientError.code {
            case .connect: .connection
            case .timeout: .timeout
            default: .transport
            }
        return DaprError(code: code, message: clientError.message, underlying: error)
    }

    /// Maps a non-2xx answer from daprd.
    /// - Parameters:
    ///   - response: daprd's response, whose body is `{"errorCode","message"}` JSON or plain text (401).
    ///   - conflict: what a 409 means for this API (`.etagMismatch` for state, `.jobAlreadyExists` for jobs).
    package static func response(_ response: HTTPResponse, conflict: Code = .etagMismatch) -> DaprError {
        let status = response.status.code
        let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
        let tag = body?.errorCode
        let message =
            body?.message
            ?? String(decoding: response.body, as: UTF8.self).trimmingASCIIWhitespace
        let code: Code =
            switch (status, tag) {
            case (_, "ERR_PUBSUB_NOT_FOUND"), (_, "ERR_PUBSUB_NOT_CONFIGURED"): .pubsubNotFound
            case (_, "ERR_STATE_STORE_NOT_FOUND"), (_, "ERR_STATE_STORE_NOT_CONFIGURED"): .stateStoreNotFound
            case (_, "ERR_SECRET_STORE_NOT_FOUND"), (_, "ERR_SECRET_STORES_NOT_CONFIGURED"): .secretStoreNotFound
            case (404, "ERR_DIRECT_INVOKE"): .routeNotFound
            case (409, _): conflict
            case (400, "ERR_STATE_SAVE"), (400, "ERR_STATE_DELETE"): .etagInvalid
            case (400, _): .badRequest
            case (401, _): .unauthorized
            case (403, _): .forbidden
            default: .operationFailed
            }
        return DaprError(
            code: code, message: message.isEmpty ? "HTTP \(status)" : message, httpStatus: status, errorCode: tag)
    }

    private struct ErrorBody: Decodable {
        var errorCode: String?
        var message: String?
    }
}
