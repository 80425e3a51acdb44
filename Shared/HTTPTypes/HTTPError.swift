/// An error that carries the HTTP answer it should become; the runtime renders it as
/// `{"error":{"message":"…"}}` with `status` and `headers`.
///
/// ```swift
/// struct TaskNotFound: HTTPResponseError {
///     let id: String
///     var status: HTTPStatus { .notFound }
///     var message: String { "task \(id) not found" }
/// }
/// ```
package protocol HTTPResponseError: Error {
    /// The response status (4xx or 5xx).
    var status: HTTPStatus { get }
    /// The message shown to the client in the JSON body.
    var message: String { get }
    /// Extra response headers, e.g. `Allow` on a 405 (default: none).
    var headers: HTTPHeaders { get }
    /// What the JSON body says (default: `message`); an error whose `message` holds internals (SQL, hosts)
    /// answers something generic here and leaves `message` to the log.
    var clientMessage: String { get }
}

extension HTTPResponseError {
    /// No extra headers.
    package var headers: HTTPHeaders { [:] }
    /// The message itself.
    package var clientMessage: String { message }
}

/// The error a handler throws to answer with a status and a message.
///
/// ```swift
/// guard !title.isEmpty else { throw HTTPError(.badRequest, message: "title must not be empty") }
/// ```
package struct HTTPError: HTTPResponseError, CustomStringConvertible {
    /// The response status.
    package var status: HTTPStatus
    /// The message shown to the client; defaults to the status's reason phrase.
    package var message: String
    /// Extra response headers.
    package var headers: HTTPHeaders

    /// Creates an error.
    /// - Parameters:
    ///   - status: the response status.
    ///   - message: the client-facing message (nil: the reason phrase, e.g. "Not Found").
    ///   - headers: extra response headers.
    package init(_ status: HTTPStatus, message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message ?? status.reasonPhrase
        self.headers = headers
    }

    /// `"<code> <reason>: <message>"`.
    package var description: String { "\(status): \(message)" }
}
