extension JSONValue {
    /// Parses `bytes` as one JSON value (surrounding whitespace allowed), over the one ``JSONScanner``.
    /// - Parameters:
    ///   - bytes: UTF-8 JSON text.
    ///   - lenient: read as Go's `encoding/json` does (daprd): invalid UTF-8 and unpaired surrogate escapes become
    ///     U+FFFD instead of failing.
    /// - Throws: ``JSONError`` when the bytes are not one JSON value or nest deeper than ``JSONScanner/maxDepth``.
    package static func parse(_ bytes: some Collection<UInt8>, lenient: Bool = false) throws(JSONError) -> JSONValue {
        JSONWorkCounter.current?.countParse()
        let result: Result<JSONValue, JSONError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parseDocument(buffer, lenient: lenient)
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { parseDocument($0, lenient: lenient) }.get()
    }

    private static func parseDocument(_ buffer: UnsafeBufferPointer<UInt8>, lenient: Bool) -> Result<JSONValue, JSONError> {
        var scanner = JSONScanner<JSONError>(buffer, lenient: lenient)
        do throws(JSONError) {
            scanner.skipWhitespace()
            let value = try scanner.parseValue(depth: 0)
            scanner.skipWhitespace()
            guard scanner.isAtEnd else { throw scanner.error("trailing characters") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

extension JSONScanner {
    /// Reads the value at the cursor into a ``JSONValue``; `depth` is the number of containers around it.
    mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard let byte = peek() else { throw error("unexpected end") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
            index += 1
            return byte == UInt8(ascii: "{") ? try parseObject(depth: depth + 1) : try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try makeString(try scanString()))
        case UInt8(ascii: "t"):
            try scanLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try scanLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try scanLiteral("null")
            return .null
        default:
            let number = try scanNumber()
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[number.range]), as: UTF8.self))
        }
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try makeString(try scanString())
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            members[key] = try parseValue(depth: depth)
            skipWhitespace()
            guard let next = peek() else { throw error("unexpected end") }
            index += 1
            if next == UInt8(ascii: ",") { continue }
            guard next == UInt8(ascii: "}") else {
                index -= 1
                throw error("expected ',' or '}'")
            }
            return .object(members)
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        var values: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(values)
        }
        while true {
            skipWhitespace()
            values.append(try parseValue(depth: depth))
            skipWhitespace()
            guard let next = peek() else { throw error("unexpected end") }
            index += 1
            if next == UInt8(ascii: ",") { continue }
            guard next == UInt8(ascii: "]") else {
                index -= 1
                throw error("expected ',' or ']'")
            }
            return .array(values)
        }
    }
}
