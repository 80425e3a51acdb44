package import HTTPTypes

// API CONTRACT (skeleton): the client helper replaces the bodies; the signatures are what other targets use.

/// Settings of an `HTTPClient`.
package struct HTTPClientConfiguration: Sendable {
    /// Easy handles kept for reuse (keep-alive connections).
    package var poolSize: Int = 8
    package var connectTimeout: Duration = .seconds(2)
    /// Default whole-request timeout; a request may set its own.
    package var requestTimeout: Duration = .seconds(30)
    package init() {}
}

/// An error from the HTTP client: could not connect, timed out, or another transport failure.
package struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable { case connect, timeout, invalidURL, transport, tooLarge }
        private let kind: Kind
        package static let connect = Code(kind: .connect)
        package static let timeout = Code(kind: .timeout)
        package static let invalidURL = Code(kind: .invalidURL)
        package static let transport = Code(kind: .transport)
        package static let tooLarge = Code(kind: .tooLarge)
        package var description: String { "\(kind)" }
    }
    package var code: Code
    package var message: String
    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
    package var description: String { "HTTP client \(code): \(message)" }
}

/// An async HTTP/1.1 client on libcurl; blocking calls never run on the cooperative pool.
package final class HTTPClient: Sendable {
    package init(configuration: HTTPClientConfiguration = .init()) {}

    /// Sends one request and returns the whole response (any status; only transport failures throw).
    /// - Parameters:
    ///   - method: the method.
    ///   - url: an absolute `http://` URL.
    ///   - headers: request headers.
    ///   - body: request body.
    ///   - timeout: overrides the configured request timeout.
    /// - Throws: `HTTPClientError`.
    package func execute(
        _ method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [], timeout: Duration? = nil
    ) async throws -> HTTPResponse {
        throw HTTPClientError(code: .transport, message: "not implemented")
    }
}
