import FoundationEssentials
import FunctionRuntime
package import HTTPTypes
import JSON

extension HTTPResponse {
    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The body decoded as JSON with the runtime's shared decoder.
    /// - Throws: `DecodingError` when the body does not fit `type`.
    package func decode<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
        try JSONCoding.decoder.decode(Value.self, from: Data(body))
    }

    /// The message of a runtime error body `{"error":{"message":"…"}}`, or nil when the body is not one.
    package var errorMessage: String? {
        struct Envelope: Decodable {
            struct Inner: Decodable { var message: String }
            var error: Inner
        }
        return (try? decode(Envelope.self))?.error.message
    }
}
