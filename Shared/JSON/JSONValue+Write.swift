extension JSONValue {
    /// The value serialised compactly (object keys sorted by bytes), strings escaped as `escaping` says.
    package func bytes(escaping: JSONEscaping = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        write(to: &out, escaping: escaping)
        return out
    }

    /// An object's compact serialisation from members already in key order (by bytes, keys unique): the bytes
    /// `JSONValue.object(Dictionary(uniqueKeysWithValues: members)).bytes(escaping:)` gives, without building the
    /// dictionary or sorting it (the runtime's envelope of every publish). One serialisation.
    package static func objectBytes(sortedMembers members: [(key: String, value: JSONValue)], escaping: JSONEscaping = [])
        -> [UInt8]
    {
        JSONWorkCounter.current?.countSerialisation()
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(UInt8(ascii: "{"))
        for (index, member) in members.enumerated() {
            assert(index == 0 || members[index - 1].key.utf8.lexicographicallyPrecedes(member.key.utf8))
            if index > 0 { out.append(UInt8(ascii: ",")) }
            escaping.append(member.key, to: &out)
            out.append(UInt8(ascii: ":"))
            member.value.append(to: &out, escaping: escaping)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The compact serialisation as a string.
    package func text(escaping: JSONEscaping = []) -> String { String(decoding: bytes(escaping: escaping), as: UTF8.self) }

    /// Appends the compact serialisation (object keys sorted by bytes) to `out`: one serialisation.
    package func write(to out: inout [UInt8], escaping: JSONEscaping = []) {
        JSONWorkCounter.current?.countSerialisation()
        append(to: &out, escaping: escaping)
    }

    private func append(to out: inout [UInt8], escaping: JSONEscaping) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let literal): out.append(contentsOf: literal.utf8)
        case .string(let value): escaping.append(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.append(to: &out, escaping: escaping)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                escaping.append(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.append(to: &out, escaping: escaping)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
