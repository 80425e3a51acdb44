import FoundationEssentials
package import HTTPTypes

extension HTTPRequest {
    /// Decodes the JSON body into `type` with the shared decoder.
    ///
    /// ```swift
    /// struct NewTask: Decodable { var title: String; var due: Date? }
    /// let input = try request.decodeJSON(NewTask.self)
    /// ```
    /// - Parameter type: the type to decode.
    /// - Returns: the decoded value.
    /// - Throws: `HTTPError` 415 when `Content-Type` is set and is not JSON (`application/json`, `…+json`);
    ///   400 naming the field when the body is empty, not JSON, or does not fit `type`.
    package func decodeJSON<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
        if let contentType = headers["Content-Type"], !HTTPRequest.isJSON(contentType) {
            throw HTTPError(
                .unsupportedMediaType, message: "expected Content-Type application/json, got '\(contentType)'")
        }
        guard !body.isEmpty else { throw HTTPError(.badRequest, message: "request body is empty; expected JSON") }
        do {
            // The decoder reads the bytes synchronously, so it can borrow them instead of copying them into a Data.
            return try body.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else {
                    return try JSONCoding.decoder.decode(Value.self, from: Data())
                }
                let data = Data(
                    bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none)
                return try JSONCoding.decoder.decode(Value.self, from: data)
            }
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: HTTPRequest.describe(error))
        }
    }

    /// Whether a `Content-Type` value names JSON: `application/json` or any `application/…+json`.
    package static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        let trimmed = mediaType.filter { $0 != " " && $0 != "\t" }
        return trimmed == "application/json" || (trimmed.hasPrefix("application/") && trimmed.hasSuffix("+json"))
    }

    /// A client-facing sentence for a decoding error, naming the field by its dotted path (`items[2].title`).
    package static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must not be null (expected \(typeName(type)))"
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "request body must be a JSON \(typeName(type))" }
            return "field '\(path(context.codingPath))' has the wrong type (expected \(typeName(type)))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "request body is not valid JSON" }
            return "field '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "request body does not match the expected JSON"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "(root)" : text
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Bool.Type: "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "integer"
        case is Double.Type, is Float.Type: "number"
        case is [Any].Type: "array"
        case is [String: Any].Type: "object"
        default: "\(type)"
        }
    }
}
