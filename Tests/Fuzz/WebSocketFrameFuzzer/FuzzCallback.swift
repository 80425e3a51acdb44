import WebSocket

/// One libFuzzer input: the first byte picks a piece size, the rest is a client's byte stream, fed to a frame
/// decoder and a message reader piece by piece (as a socket delivers it) and whole. Beyond "no crash":
/// - the pieces and the whole give the same frames and messages, and fail with the same error;
/// - a frame's payload is never longer than its input: header (≥ 6 bytes, masked) plus payload fit in the bytes given;
/// - control frames carry ≤ 125 bytes, text messages are valid UTF-8, no message is over the limit;
/// - each frame re-encoded (masked, with any key) decodes to the same frame.
let fuzzWebSocketFrames: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    guard let data, size > 1 else { return 0 }
    let step = Int(data[0] % 32) + 1
    let key = (data[0], data[0] &+ 1, data[0] &+ 7, data[0] &+ 13)
    let stream = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = frames(of: [stream])
    let pieces = frames(of: stride(from: 0, to: stream.count, by: step).map { Array(stream[$0..<min($0 + step, stream.count)]) })
    precondition(whole.frames == pieces.frames && whole.error == pieces.error, "pieces and whole disagree")
    var consumed = 0
    for frame in whole.frames {
        consumed += 6 + frame.payload.count
        precondition(consumed <= stream.count, "frames longer than their input")
        if frame.opcode.isControl { precondition(frame.payload.count <= 125 && frame.fin, "control frame rules") }
        var decoder = WebSocketFrameDecoder(maxFrameSize: maximumSize)
        decoder.append(WebSocketFrameEncoder.masked(frame.opcode, payload: frame.payload, fin: frame.fin, key: key))
        precondition((try? decoder.next()) == frame && decoder.bufferedBytes == 0, "re-encoded frame differs")
    }
    let wholeMessages = messages(of: [stream])
    let pieceMessages = messages(
        of: stride(from: 0, to: stream.count, by: step).map {
            Array(stream[$0..<min($0 + step, stream.count)])
        })
    precondition(wholeMessages.messages == pieceMessages.messages, "messages differ by piece size")
    precondition(wholeMessages.error == pieceMessages.error, "errors differ by piece size")
    for message in wholeMessages.messages {
        switch message {
        case .text(let bytes):
            precondition(String(validating: bytes, as: UTF8.self) != nil, "text message not UTF-8")
            precondition(bytes.count <= maximumSize, "message over the limit")
        case .binary(let bytes): precondition(bytes.count <= maximumSize, "message over the limit")
        case .ping(let bytes), .pong(let bytes): precondition(bytes.count <= 125, "control payload over 125")
        case .close: break
        }
    }
    return 0
}

/// Small, so the fuzzer reaches the 1009 path and multi-fragment limits with short inputs.
private let maximumSize = 300

/// Frames decoded from `pieces` appended one by one, and the error that ended the stream, if any.
private func frames(of pieces: [[UInt8]]) -> (frames: [WebSocketFrame], error: WebSocketProtocolError?) {
    var decoder = WebSocketFrameDecoder(maxFrameSize: maximumSize)
    var result: [WebSocketFrame] = []
    for piece in pieces {
        decoder.append(piece)
        do {
            while let frame = try decoder.next() { result.append(frame) }
        } catch {
            return (result, error)
        }
    }
    return (result, nil)
}

/// Messages read from `pieces` appended one by one, and the error that ended the stream, if any.
private func messages(of pieces: [[UInt8]]) -> (messages: [WebSocketMessage], error: WebSocketProtocolError?) {
    var reader = WebSocketReader(maxMessageSize: maximumSize)
    var result: [WebSocketMessage] = []
    for piece in pieces {
        reader.append(piece)
        do {
            while let message = try reader.next() { result.append(message) }
        } catch {
            return (result, error)
        }
    }
    return (result, nil)
}

/// libFuzzer's own `main` (linked in, though SwiftPM's runs) references this symbol, so it must exist.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzWebSocketFrames(data, size) }
