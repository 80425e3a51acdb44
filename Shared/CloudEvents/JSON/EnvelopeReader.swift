import FoundationEssentials
import JSON

/// Reads one CloudEvent JSON object at the scanner's cursor, in one pass, then validates it.
enum EnvelopeReader {
    private enum Member: UInt16 {
        case id = 1, source = 2, specversion = 4, type = 8, datacontenttype = 16, dataschema = 32, subject = 64
        case time = 128, data = 256, dataBase64 = 512

        /// The member for an (unescaped) key, for the rare key written with escapes.
        init?(name: String) {
            switch name {
            case "id": self = .id
            case "source": self = .source
            case "specversion": self = .specversion
            case "type": self = .type
            case "datacontenttype": self = .datacontenttype
            case "dataschema": self = .dataschema
            case "subject": self = .subject
            case "time": self = .time
            case "data": self = .data
            case "data_base64": self = .dataBase64
            default: return nil
            }
        }
    }

    static func read(_ scanner: inout JSONScanner) throws(CloudEventError) -> CloudEvent {
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.error("an event must be a JSON object") }
        scanner.index += 1
        var seen: UInt16 = 0
        var id: String?
        var source: String?
        var specversion: String?
        var type: String?
        var datacontenttype: String?
        var dataschema: String?
        var subject: String?
        var time: String?
        var extensions = CloudEventExtensions()
        extensions.reserveCapacity(8)
        var dataRange: Range<Int>?
        var dataString: JSONScanner.StringToken?
        var base64: JSONScanner.StringToken?

        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.index += 1
        } else {
            while true {
                scanner.skipWhitespace()
                let keyToken = try scanner.scanString()
                try scanner.expect(UInt8(ascii: ":"))
                scanner.skipWhitespace()
                var name: String?
                var member: Member?
                if keyToken.escaped {
                    let unescaped = try scanner.makeString(keyToken)
                    member = Member(name: unescaped)
                    name = unescaped
                } else {
                    member = Self.member(keyToken, scanner)
                }
                if let member {
                    guard seen & member.rawValue == 0 else {
                        throw CloudEventError(
                            .duplicateAttribute, "member \(member) appears twice", attribute: "\(member)")
                    }
                    seen |= member.rawValue
                    switch member {
                    case .id: id = try readString(&scanner, "id")
                    case .source: source = try readString(&scanner, "source")
                    case .specversion: specversion = try readString(&scanner, "specversion")
                    case .type: type = try readString(&scanner, "type")
                    case .datacontenttype: datacontenttype = try readString(&scanner, "datacontenttype")
                    case .dataschema: dataschema = try readString(&scanner, "dataschema")
                    case .subject: subject = try readString(&scanner, "subject")
                    case .time: time = try readString(&scanner, "time")
                    case .data:
                        let start = scanner.index
                        if scanner.peek() == UInt8(ascii: "\"") {
                            dataString = try scanner.scanString()
                        } else {
                            try scanner.skipValue()
                        }
                        dataRange = start..<scanner.index
                    case .dataBase64:
                        if scanner.peek() == UInt8(ascii: "n") {
                            try scanner.scanLiteral("null")
                        } else {
                            guard scanner.peek() == UInt8(ascii: "\"") else {
                                throw CloudEventError(
                                    .invalidData, "data_base64 must be a string", attribute: "data_base64")
                            }
                            base64 = try scanner.scanString()
                        }
                    }
                } else {
                    let extensionName: String
                    if let name {
                        extensionName = name
                        try CloudEvent.checkExtensionName(name)
                    } else {
                        extensionName = try scanner.makeString(keyToken)
                        if !(keyToken.plain && Self.isExtensionName(keyToken, scanner)) {
                            try CloudEvent.checkExtensionName(extensionName)
                        }
                    }
                    try readExtension(&scanner, extensionName, into: &extensions)
                }
                scanner.skipWhitespace()
                guard let next = scanner.peek() else { throw scanner.error("unterminated object") }
                scanner.index += 1
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw scanner.error("expected ',' or '}'") }
            }
        }

        guard let specversion else { throw CloudEvent.missing("specversion") }
        guard specversion == CloudEvent.specVersion else {
            throw CloudEventError(
                .unsupportedSpecVersion, "specversion \"\(specversion)\" is not supported, only 1.0",
                attribute: "specversion")
        }
        guard let id else { throw CloudEvent.missing("id") }
        guard let source else { throw CloudEvent.missing("source") }
        guard let type else { throw CloudEvent.missing("type") }
        var event = CloudEvent(
            id: id, source: source, type: type, datacontenttype: datacontenttype, dataschema: dataschema,
            subject: subject, time: time, extensions: extensions)
        event.data = try resolveData(scanner, event, dataRange, dataString, base64)
        try event.validateCore(stringsChecked: true)
        return event
    }

    private static func resolveData(
        _ scanner: borrowing JSONScanner, _ event: CloudEvent, _ dataRange: Range<Int>?,
        _ dataString: JSONScanner.StringToken?, _ base64: JSONScanner.StringToken?
    ) throws(CloudEventError) -> CloudEventData? {
        if let base64 {
            guard dataRange == nil else {
                throw CloudEventError(.conflictingData, "data and data_base64 are mutually exclusive", attribute: "data")
            }
            let text = try scanner.makeString(base64)
            guard let bytes = Data(base64Encoded: text) else {
                throw CloudEventError(.invalidData, "data_base64 is not valid base64", attribute: "data_base64")
            }
            return .binary(Array(bytes))
        }
        guard let dataRange else { return nil }
        if let dataString, !event.hasJSONContentType {
            return .text(try scanner.makeString(dataString))
        }
        return .trustedJSON(Array(UnsafeBufferPointer(rebasing: scanner.bytes[dataRange])))
    }

    private static func member(_ token: JSONScanner.StringToken, _ scanner: borrowing JSONScanner) -> Member? {
        switch token.range.count {
        case 2: scanner.token(token, equals: "id") ? .id : nil
        case 4:
            scanner.token(token, equals: "type")
                ? .type : scanner.token(token, equals: "time") ? .time : scanner.token(token, equals: "data") ? .data : nil
        case 6: scanner.token(token, equals: "source") ? .source : nil
        case 7: scanner.token(token, equals: "subject") ? .subject : nil
        case 10: scanner.token(token, equals: "dataschema") ? .dataschema : nil
        case 11:
            scanner.token(token, equals: "specversion")
                ? .specversion : scanner.token(token, equals: "data_base64") ? .dataBase64 : nil
        case 15: scanner.token(token, equals: "datacontenttype") ? .datacontenttype : nil
        default: nil
        }
    }

    /// Whether an unescaped key is `[a-z0-9]+` (core names never get here: they matched a member).
    private static func isExtensionName(_ token: JSONScanner.StringToken, _ scanner: borrowing JSONScanner) -> Bool {
        guard !token.range.isEmpty else { return false }
        for index in token.range {
            let byte = scanner.bytes[index]
            guard (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) else { return false }
        }
        return true
    }

    /// Reads a string member, checked as a CloudEvents String; `null` means absent; other JSON types are errors.
    private static func readString(_ scanner: inout JSONScanner, _ name: String) throws(CloudEventError) -> String? {
        switch scanner.peek() {
        case UInt8(ascii: "\""):
            let token = try scanner.scanString()
            let value = try scanner.makeString(token)
            guard token.plain || CloudEvent.isValidString(value) else {
                throw CloudEvent.invalid(name, "holds a control character or noncharacter")
            }
            return value
        case UInt8(ascii: "n"):
            try scanner.scanLiteral("null")
            return nil
        default:
            throw CloudEventError(.invalidAttribute, "attribute \(name) must be a JSON string", attribute: name)
        }
    }

    /// Reads an extension member: string, integer (32-bit) or boolean; `null` means absent.
    private static func readExtension(
        _ scanner: inout JSONScanner, _ name: String, into extensions: inout CloudEventExtensions
    ) throws(CloudEventError) {
        guard !extensions.contains(name) else {
            throw CloudEventError(.duplicateAttribute, "member \(name) appears twice", attribute: name)
        }
        switch scanner.peek() ?? 0 {
        case UInt8(ascii: "\""):
            let token = try scanner.scanString()
            let value = try scanner.makeString(token)
            guard token.plain || CloudEvent.isValidString(value) else {
                throw CloudEvent.invalid(name, "holds a control character or noncharacter")
            }
            extensions.appendUnchecked(name, .string(value))
        case UInt8(ascii: "t"):
            try scanner.scanLiteral("true")
            extensions.appendUnchecked(name, .boolean(true))
        case UInt8(ascii: "f"):
            try scanner.scanLiteral("false")
            extensions.appendUnchecked(name, .boolean(false))
        case UInt8(ascii: "n"):
            try scanner.scanLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let number = try scanner.scanNumber()
            guard number.isInteger, let value = scanner.int32(number.range) else {
                throw CloudEvent.invalid(name, "is not a 32-bit integer")
            }
            extensions.appendUnchecked(name, .integer(value))
        default:
            throw CloudEvent.invalid(name, "is a JSON object or array, which no CloudEvents type maps to")
        }
    }
}
