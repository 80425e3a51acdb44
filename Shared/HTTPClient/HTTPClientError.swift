/// An error from the HTTP client: could not connect, timed out, or another transport failure.
///
/// A response with any status (404, 500, …) is not an error: only the transport throws.
package struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a growable set of constants.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case connect, timeout, invalidURL, invalidRequest, transport, tooLarge, closed
        }
        private let kind: Kind
        /// The host could not be resolved or refused the connection.
        package static let connect = Code(kind: .connect)
        /// The connect or whole-request timeout expired.
        package static let timeout = Code(kind: .timeout)
        /// The URL is malformed or its scheme is not `http`/`https`.
        package static let invalidURL = Code(kind: .invalidURL)
        /// A header name or value is unusable (CR, LF or NUL in it, or an empty name).
        package static let invalidRequest = Code(kind: .invalidRequest)
        /// Any other failure while sending or receiving.
        package static let transport = Code(kind: .transport)
        /// The response body is larger than `HTTPClientConfiguration.maxResponseBodySize`.
        package static let tooLarge = Code(kind: .tooLarge)
        /// The client was closed before the request could run.
        package static let closed = Code(kind: .closed)
        /// The code's name, e.g. `timeout`.
        package var description: String { "\(kind)" }
    }

    /// What went wrong.
    package var code: Code
    /// A readable explanation (libcurl's own text for transport failures).
    package var message: String

    /// Creates an error.
    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `HTTP client <code>: <message>`.
    package var description: String { "HTTP client \(code): \(message)" }
}
