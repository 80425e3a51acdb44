/// The JSON texts the gateway sends to browsers (docs/websocket.md), built once per event.
package enum LiveFrames {
    /// `{"type":"hello","userId":"alice","latestSeq":42}`.
    package static func hello(userID: String, latestSeq: Int64) -> [UInt8] {
        Array("{\"type\":\"hello\",\"userId\":".utf8) + quoted(userID) + Array(",\"latestSeq\":\(latestSeq)}".utf8)
    }

    /// `{"type":"event","seq":43,"event":{…}}`.
    package static func event(_ event: LiveEvent) -> [UInt8] {
        Array("{\"type\":\"event\",\"seq\":\(event.seq),\"event\":".utf8) + event.event + [0x7D]
    }

    /// `{"type":"resync","latestSeq":N}`.
    package static func resync(latestSeq: Int64) -> [UInt8] {
        Array("{\"type\":\"resync\",\"latestSeq\":\(latestSeq)}".utf8)
    }

    /// `text` as a JSON string literal.
    package static func quoted(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = [0x22]
        for byte in text.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x09: bytes += [0x5C, 0x74]
            case ..<0x20: bytes += Array(String(format: byte).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
        return bytes
    }
}

extension String {
    /// `\u00XX` for a control byte.
    fileprivate init(format byte: UInt8) {
        let hex = Array("0123456789abcdef".utf8)
        self = String(decoding: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
    }
}
