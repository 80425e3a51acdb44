import Testing
import WebSocket

/// Reads everything `bytes` hold: the messages, then the error that ended the stream, if any.
private func read(_ bytes: [UInt8], limit: Int = 1024) -> (messages: [WebSocketMessage], error: WebSocketProtocolError?) {
    var reader = WebSocketReader(maxMessageSize: limit)
    reader.append(bytes)
    var messages: [WebSocketMessage] = []
    do {
        while let message = try reader.next() { messages.append(message) }
    } catch {
        return (messages, error)
    }
    return (messages, nil)
}

private func masked(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
    WebSocketFrameEncoder.masked(opcode, payload: payload, fin: fin, key: (0x37, 0xFA, 0x21, 0x3D))
}

@Suite("WebSocketReader: the RFC 6455 rules for client frames")
struct WebSocketReaderTests {
    @Test("a masked text frame is unmasked (RFC 6455 §5.7 sample)")
    func rfcSample() {
        let (messages, error) = read([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(error == nil)
        #expect(messages == [.text(Array("Hello".utf8))])
    }

    @Test("frames split anywhere, even inside the header, come out whole once complete")
    func byteByByte() throws {
        let bytes = masked(.text, Array(String(repeating: "é", count: 100).utf8)) + masked(.binary, [1, 2, 3])
        var reader = WebSocketReader(maxMessageSize: 1024)
        var messages: [WebSocketMessage] = []
        for byte in bytes {
            reader.append([byte])
            while let message = try reader.next() { messages.append(message) }
        }
        #expect(messages == [.text(Array(String(repeating: "é", count: 100).utf8)), .binary([1, 2, 3])])
    }

    @Test("16-bit and 64-bit lengths are read")
    func lengths() {
        let medium = [UInt8](repeating: 0x61, count: 300)
        let large = [UInt8](repeating: 0x62, count: 70_000)
        let (messages, error) = read(masked(.text, medium) + masked(.binary, large), limit: 100_000)
        #expect(error == nil)
        #expect(messages == [.text(medium), .binary(large)])
    }

    @Test("an unmasked client frame is a protocol error (1002)")
    func unmasked() {
        #expect(read(WebSocketFrameEncoder.encode(.text, payload: Array("hi".utf8))).error?.code == .protocolError)
    }

    @Test("a 64-bit length over the limit is refused from the header alone (1009)")
    func tooLongHeader() {
        let header: [UInt8] = [0x82, 0xFF, 0, 0, 0, 1, 0, 0, 0, 0]
        #expect(read(header).error?.code == .messageTooBig)
        #expect(read([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1]).error?.code == .protocolError, "top bit set")
    }

    @Test("a fragmented message over the limit is refused (1009)")
    func fragmentsTooBig() {
        let bytes =
            masked(.binary, [UInt8](repeating: 1, count: 600), fin: false)
            + masked(.continuation, [UInt8](repeating: 1, count: 600))
        #expect(read(bytes).error?.code == .messageTooBig)
    }

    @Test("fragments are joined, with control frames in between")
    func fragmentation() {
        let bytes =
            masked(.text, Array("Hel".utf8), fin: false) + masked(.ping, [9])
            + masked(.continuation, Array("lo".utf8), fin: false) + masked(.continuation, Array(" you".utf8))
        let (messages, error) = read(bytes)
        #expect(error == nil)
        #expect(messages == [.ping([9]), .text(Array("Hello you".utf8))])
    }

    @Test("a continuation without a message, or a new message inside a fragmented one, is a protocol error")
    func badFragmentation() {
        #expect(read(masked(.continuation, [1])).error?.code == .protocolError)
        #expect(read(masked(.text, [0x61], fin: false) + masked(.text, [0x62])).error?.code == .protocolError)
    }

    @Test("invalid UTF-8 is refused (1007), whole or split across fragments, and as soon as it arrives")
    func invalidUTF8() {
        #expect(
            read(masked(.text, [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80])).error?.code
                == .invalidPayload)
        #expect(read(masked(.text, [0xC0, 0xAF])).error?.code == .invalidPayload, "overlong")
        #expect(read(masked(.text, [0xF4, 0x90, 0x80, 0x80])).error?.code == .invalidPayload, "above U+10FFFF")
        // The first fragment ends inside a valid character; the second breaks it.
        let split = masked(.text, [0x61, 0xE2, 0x82], fin: false) + masked(.continuation, [0x28])
        #expect(read(split).error?.code == .invalidPayload)
        // Fails on the first fragment already, with no final fragment sent.
        #expect(read(masked(.text, [0x61, 0xFF], fin: false)).error?.code == .invalidPayload)
        // A message that ends inside a character.
        #expect(read(masked(.text, [0x61, 0xE2], fin: false) + masked(.continuation, [0x82])).error?.code == .invalidPayload)
        // A character split across fragments is fine.
        let good = masked(.text, [0xE2, 0x82], fin: false) + masked(.continuation, [0xAC])
        #expect(read(good).messages == [.text([0xE2, 0x82, 0xAC])])
    }

    @Test("a control frame over 125 bytes or fragmented is a protocol error")
    func controlRules() {
        #expect(read(masked(.ping, [UInt8](repeating: 0, count: 126))).error?.code == .protocolError)
        #expect(read(masked(.ping, [1], fin: false)).error?.code == .protocolError)
        #expect(read(masked(.ping, [UInt8](repeating: 7, count: 125))).messages == [.ping([UInt8](repeating: 7, count: 125))])
    }

    @Test("reserved opcodes and RSV bits are protocol errors", arguments: [0x83, 0x87, 0x8B, 0x8F, 0xC1, 0xA1, 0x91] as [UInt8])
    func reserved(first: UInt8) {
        #expect(read([first, 0x80, 1, 2, 3, 4]).error?.code == .protocolError)
    }

    @Test("close frames: codes a peer may send pass; 1005/1006/1015, 999, 2999, 5000 and one-byte payloads do not")
    func closeCodes() {
        func close(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
            masked(.close, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
        }
        #expect(read(close(1000, Array("bye".utf8))).messages == [.close(.normal, "bye")])
        #expect(read(close(4000)).messages == [.close(WebSocketCloseCode(rawValue: 4000), "")])
        #expect(read(masked(.close, [])).messages == [.close(nil, "")])
        for code: UInt16 in [999, 1004, 1005, 1006, 1015, 2999, 5000] {
            #expect(read(close(code)).error?.code == .protocolError, "code \(code)")
        }
        #expect(read(masked(.close, [0x03])).error?.code == .protocolError)
        #expect(read(close(1000, [0xFF])).error?.code == .invalidPayload)
    }
}
