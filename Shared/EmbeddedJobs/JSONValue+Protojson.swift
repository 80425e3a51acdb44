import JSON

extension JSONValue {
    /// The value as daprd holds a job's `data` (`google.protobuf.Value`): every number a `Double`, written in Go's
    /// shortest form (`1.0` → `1`, `1e2` → `100`).
    var protobufValue: JSONValue {
        switch self {
        case .number(let literal): .number(formatGoNumber(Double(literal) ?? 0))
        case .array(let values): .array(values.map(\.protobufValue))
        case .object(let members): .object(members.mapValues(\.protobufValue))
        default: self
        }
    }

    /// The compact protojson rendering: numbers as ``protobufValue`` has them, keys sorted by bytes, strings
    /// escaped as protojson does (the standard set and DEL).
    var encoded: String { protobufValue.text(escaping: .delete) }

    /// `text` as a protojson string literal.
    static func protojsonQuoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONEscaping.delete.append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
