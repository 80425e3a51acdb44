package import HTTPTypes

/// Why a request could not be parsed, and the status the server answers with.
package struct HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of parse failure.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Hashable {
            case malformed, headTooLarge, tooManyHeaders, bodyTooLarge, conflictingFraming, badChunk, unsupportedVersion
        }
        private let value: Value

        /// Bytes that are not an HTTP/1.x request (garbage request line, bad header syntax): 400.
        package static let malformed = Code(value: .malformed)
        /// Request line plus headers over the limit: 431.
        package static let headTooLarge = Code(value: .headTooLarge)
        /// More header fields than allowed: 431.
        package static let tooManyHeaders = Code(value: .tooManyHeaders)
        /// Declared or received body over the limit: 413.
        package static let bodyTooLarge = Code(value: .bodyTooLarge)
        /// Both Content-Length and Transfer-Encoding: 400.
        package static let conflictingFraming = Code(value: .conflictingFraming)
        /// A chunk size line that is not hexadecimal: 400.
        package static let badChunk = Code(value: .badChunk)
        /// A request line whose version is neither HTTP/1.0 nor HTTP/1.1 (`HTTP/2.0` sent as text): 505.
        package static let unsupportedVersion = Code(value: .unsupportedVersion)

        /// The code's name.
        package var description: String { "\(value)" }
    }

    /// The kind of failure.
    package let code: Code
    /// What went wrong, for logs and error bodies.
    package let message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The status the server answers with.
    package var status: HTTPStatus {
        switch code {
        case .headTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedVersion: .httpVersionNotSupported
        default: .badRequest
        }
    }

    /// The code and the message.
    package var description: String { "\(code): \(message)" }
}
