import Dapr
import FoundationEssentials
package import HTTPTypes
import JSON

/// One job trigger as daprd delivers it to `POST /job/<name>`.
package struct DaprJobTrigger: Sendable, Hashable {
    /// The job name (`reminder-<id>`).
    package var name: String
    /// The job's `data` as JSON text, exactly as scheduled; empty when the job had none (daprd 1.18.3+).
    package var data: [UInt8]

    /// Creates a trigger.
    package init(name: String, data: [UInt8]) {
        self.name = name
        self.data = data
    }

    /// Reads a trigger request. daprd 1.14.3+ sends the raw `data` value; two older or odd shapes are unwrapped:
    /// a protobuf `Any` in JSON form (`{"@type":…,"value":…}`, as GET returns it) and Go's `anypb.Any` struct that
    /// 1.14.0–1.14.2 sent (`{"type_url":…,"value":"<base64>"}`), whose `StringValue`/`BytesValue` bytes are unpacked.
    package init(request: HTTPRequest, name: String) {
        self.name = name
        self.data = Self.unwrap(request.body)
    }

    /// Decodes `data` with `JSONDecoder`.
    /// - Throws: `DaprError` `.invalidResponse` when it is not a `T`.
    package func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(data.isEmpty ? Array("null".utf8) : data))
        } catch {
            throw DaprError(code: .invalidResponse, message: "job \(name) data is not a \(T.self)", underlying: error)
        }
    }

    private static func unwrap(_ body: [UInt8]) -> [UInt8] {
        guard body.first == UInt8(ascii: "{"), case .object(let members)? = try? JSONValue.parse(body),
            members.count == 2, let value = members["value"]
        else { return body }
        if members["@type"] != nil { return value.bytes() }
        guard let typeURL = members["type_url"]?.stringValue, let base64 = value.stringValue,
            let raw = Data(base64Encoded: base64).map(Array.init)
        else { return body }
        // A wrapper message (StringValue, BytesValue) is field 1, length-delimited: tag 0x0A, varint length, bytes.
        guard typeURL.hasSuffix("StringValue") || typeURL.hasSuffix("BytesValue") else { return raw }
        guard raw.first == 0x0A else { return raw.isEmpty ? [] : raw }
        var index = 1
        var length = 0
        var shift = 0
        while index < raw.count {
            let byte = raw[index]
            length |= Int(byte & 0x7F) << shift
            index += 1
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard index + length <= raw.count else { return raw }
        return Array(raw[index..<(index + length)])
    }
}
