import JSON

extension CloudEvent {
    /// Whether `name` belongs to the core or the JSON format and so can never be an extension.
    static func isReservedName(_ name: String) -> Bool {
        switch name {
        case "id", "source", "specversion", "type", "datacontenttype", "dataschema", "subject", "time", "data": true
        default: false
        }
    }

    /// Checks every rule of CloudEvents 1.0.2 that the model can break.
    ///
    /// Required attributes non-empty; `specversion` is `1.0`; `source` a URI reference; `dataschema` an absolute
    /// URI; `time` RFC 3339; `datacontenttype` a media type; optional attributes non-empty when present; strings
    /// free of control characters and noncharacters; extension names `[a-z0-9]+` and not reserved. Names longer
    /// than 20 characters are accepted (the limit is a SHOULD).
    /// - Throws: `CloudEventError` naming the first attribute at fault.
    package func validate() throws(CloudEventError) {
        try validateCore()
        for element in extensions {
            try Self.checkExtensionName(element.name)
            try Self.checkExtensionValue(element.value, element.name)
        }
    }

    /// Validates everything but the extensions (which the JSON reader checks as it reads them).
    /// - Parameter stringsChecked: whether the caller already checked the strings' characters.
    func validateCore(stringsChecked: Bool = false) throws(CloudEventError) {
        guard specversion == Self.specVersion else {
            if specversion.isEmpty { throw Self.missing("specversion") }
            throw CloudEventError(
                .unsupportedSpecVersion, "specversion \"\(specversion)\" is not supported, only 1.0",
                attribute: "specversion")
        }
        try Self.checkRequired(id, "id", stringsChecked)
        try Self.checkRequired(source, "source", stringsChecked)
        try Self.checkRequired(type, "type", stringsChecked)
        guard Self.isURIReference(source) else { throw Self.invalid("source", "is not a URI reference") }
        if let datacontenttype {
            try Self.checkOptional(datacontenttype, "datacontenttype", stringsChecked)
            guard MediaType.isValid(datacontenttype) else {
                throw Self.invalid("datacontenttype", "is not an RFC 2046 media type")
            }
        }
        if let dataschema {
            try Self.checkOptional(dataschema, "dataschema", stringsChecked)
            guard Self.isAbsoluteURI(dataschema) else { throw Self.invalid("dataschema", "is not an absolute URI") }
        }
        if let subject { try Self.checkOptional(subject, "subject", stringsChecked) }
        if let time {
            try Self.checkOptional(time, "time", stringsChecked)
            guard RFC3339.isValid(time) else { throw Self.invalid("time", "is not an RFC 3339 timestamp") }
        }
    }

    /// Checks an extension name: `[a-z0-9]+`, and not a core attribute or `data`.
    static func checkExtensionName(_ name: String) throws(CloudEventError) {
        var copy = name
        let wellFormed = copy.withUTF8 { bytes in
            for byte in bytes where !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)) { return false }
            return !bytes.isEmpty
        }
        guard wellFormed else {
            throw CloudEventError(
                .invalidExtensionName, "extension name \"\(name)\" must use only a-z and 0-9", attribute: name)
        }
        guard !isReservedName(name) else {
            throw CloudEventError(
                .invalidExtensionName, "extension name \"\(name)\" is reserved by the specification", attribute: name)
        }
    }

    static func checkExtensionValue(_ value: CloudEventAttributeValue, _ name: String) throws(CloudEventError) {
        switch value {
        case .string(let text):
            guard isValidString(text) else { throw invalid(name, "holds a control character or noncharacter") }
        case .uri(let text):
            guard isAbsoluteURI(text) else { throw invalid(name, "is not an absolute URI") }
        case .uriReference(let text):
            guard isURIReference(text) else { throw invalid(name, "is not a URI reference") }
        case .timestamp(let text):
            guard RFC3339.isValid(text) else { throw invalid(name, "is not an RFC 3339 timestamp") }
        case .integer, .boolean, .binary:
            break
        }
    }

    private static func checkRequired(_ value: String, _ name: String, _ checked: Bool) throws(CloudEventError) {
        guard !value.isEmpty else { throw missing(name) }
        guard checked || isValidString(value) else { throw invalid(name, "holds a control character or noncharacter") }
    }

    private static func checkOptional(_ value: String, _ name: String, _ checked: Bool) throws(CloudEventError) {
        guard !value.isEmpty else { throw invalid(name, "is present but empty") }
        guard checked || isValidString(value) else { throw invalid(name, "holds a control character or noncharacter") }
    }

    static func missing(_ name: String) -> CloudEventError {
        CloudEventError(.missingAttribute, "required attribute \(name) is missing or empty", attribute: name)
    }

    static func invalid(_ name: String, _ why: String) -> CloudEventError {
        CloudEventError(.invalidAttribute, "attribute \(name) \(why)", attribute: name)
    }

    /// A CloudEvents String: no U+0000–U+001F, U+007F–U+009F or Unicode noncharacters (Swift strings hold no
    /// unpaired surrogates, the decoders reject those).
    static func isValidString(_ text: String) -> Bool {
        var copy = text
        let plain = copy.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return false }
            return true
        }
        if plain { return true }
        return text.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            if value < 0x20 || (value >= 0x7F && value <= 0x9F) { return false }
            if value >= 0xFDD0 && value <= 0xFDEF { return false }
            return value & 0xFFFE != 0xFFFE
        }
    }

    /// RFC 3986 URI reference: only URI characters, and `%` followed by two hex digits.
    static func isURIReference(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8(isURIReference)
    }

    private static func isURIReference(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit else {
                    return false
                }
                index += 3
                continue
            }
            guard byte.isURICharacter else { return false }
            index += 1
        }
        return true
    }

    /// RFC 3986 absolute URI: a scheme (`ALPHA *(ALPHA / DIGIT / + / - / .)`), a colon, then URI characters.
    static func isAbsoluteURI(_ text: String) -> Bool {
        guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = text.utf8[..<colon]
        guard let first = scheme.first, first.isASCIILetter,
            scheme.allSatisfy({ $0.isASCIILetter || ($0 >= 0x30 && $0 <= 0x39) || "+-.".utf8.contains($0) })
        else { return false }
        return isURIReference(text)
    }
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    var isHexDigit: Bool { (self >= 0x30 && self <= 0x39) || ((self | 0x20) >= 0x61 && (self | 0x20) <= 0x66) }
    /// Unreserved, reserved (gen-delims, sub-delims) characters of RFC 3986.
    fileprivate var isURICharacter: Bool {
        if isASCIILetter || (self >= 0x30 && self <= 0x39) { return true }
        switch self {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"),
            UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","),
            UInt8(ascii: ";"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
