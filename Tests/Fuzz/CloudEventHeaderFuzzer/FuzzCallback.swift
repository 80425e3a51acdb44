import CloudEvents
import HTTPTypes

/// One libFuzzer input, read as `name: value` lines, a blank line, then the body: decode it as an HTTP message
/// (binary mode mostly, since most inputs carry `ce-` headers); whatever decodes must survive a binary and a
/// structured round trip unchanged.
let fuzzCloudEventHeaders: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let (headers, body) = parseMessage(bytes)
    if let event = try? CloudEvent.decode(headers: headers, body: body) {
        // Binary mode makes an implied JSON content type explicit, as the spec asks.
        var explicit = event
        if explicit.datacontenttype == nil, explicit.data?.kind == .json { explicit.datacontenttype = "application/json" }
        let binary = event.httpMessage(mode: .binary)
        precondition((try? CloudEvent.decode(headers: binary.headers, body: binary.body)) == explicit, "binary")
        let structured = event.httpMessage(mode: .structured)
        precondition((try? CloudEvent.decode(headers: structured.headers, body: structured.body)) == event, "structured")
    }
    _ = try? CloudEventHeaderValue.decode(String(decoding: bytes, as: UTF8.self))
    return 0
}

/// Splits the input into header lines (up to the first empty line) and a body.
func parseMessage(_ bytes: [UInt8]) -> (HTTPHeaders, [UInt8]) {
    var headers = HTTPHeaders()
    var lineStart = 0
    var index = 0
    while index < bytes.count {
        guard bytes[index] == UInt8(ascii: "\n") else {
            index += 1
            continue
        }
        let line = bytes[lineStart..<index]
        index += 1
        lineStart = index
        if line.isEmpty { return (headers, Array(bytes[index...])) }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: line[(colon + 1)...].drop { $0 == UInt8(ascii: " ") }, as: UTF8.self)
        headers.add(name: name, value: value)
    }
    return (headers, [])
}

/// libFuzzer's own `main` (linked in, though SwiftPM's runs) references this symbol, so it must exist.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzCloudEventHeaders(data, size) }
