import HTTPTypes

/// A ready error answer carried through `throws`.
struct StateAPIFailure: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
