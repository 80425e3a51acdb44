import HTTPTypes

/// An app's answer carried out of an attempt task.
struct HTTPResponseBox: Sendable {
    let response: HTTPResponse
}
