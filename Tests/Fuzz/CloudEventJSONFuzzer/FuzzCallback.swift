import CloudEvents
import JSON

/// One libFuzzer input: decode it as a structured event and as a batch; whatever decodes must re-encode and
/// decode to the same event, in the JSON format and in binary mode. The same bytes go through the JSON layer's
/// `JSONValue` (strict and lenient) and must agree with the scanner and survive a round trip.
let fuzzCloudEventJSON: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let event = try? CloudEvent(jsonBytes: bytes) {
        checkRoundTrips(event)
    }
    if let events = try? CloudEvent.decodeBatch(bytes, maxEvents: 64) {
        precondition((try? CloudEvent.decodeBatch(CloudEvent.batchJSONBytes(events))) == events, "batch round trip")
    }
    checkJSONValue(bytes)
    return 0
}

func checkRoundTrips(_ event: CloudEvent) {
    precondition((try? CloudEvent(jsonBytes: event.jsonBytes())) == event, "JSON round trip")
    // Binary mode makes an implied JSON content type explicit, as the spec asks.
    var explicit = event
    if explicit.datacontenttype == nil, explicit.data?.kind == .json { explicit.datacontenttype = "application/json" }
    // An empty body in binary mode is "no data": `data_base64: ""` cannot survive it (the fuzzer found this).
    if explicit.data?.bytes.isEmpty == true { explicit.data = nil }
    let binary = event.httpMessage(mode: .binary)
    precondition((try? CloudEvent.decode(headers: binary.headers, body: binary.body)) == explicit, "binary round trip")
    _ = try? event.decodeData(as: String.self)
}

/// Strict parsing accepts only what the scanner calls well formed (less: an unpaired surrogate escape is well formed
/// text but no string), lenient parsing at least what strict does (the same value), and a parsed value written in
/// either escaping reads back as itself.
func checkJSONValue(_ bytes: [UInt8]) {
    let strict = try? JSONValue.parse(bytes)
    if strict != nil { precondition(JSON.JSONScanner<JSONError>.isWellFormedValue(bytes), "parse agrees with the scanner") }
    let lenient = try? JSONValue.parse(bytes, lenient: true)
    if let strict { precondition(lenient == strict, "lenient reads what strict reads, the same") }
    guard let lenient else { return }
    for escaping in [JSONEscaping(), .go] {
        precondition((try? JSONValue.parse(lenient.bytes(escaping: escaping))) == lenient, "JSONValue round trip")
    }
}

/// libFuzzer's own `main` (linked in, though SwiftPM's runs) references this symbol, so it must exist.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzCloudEventJSON(data, size) }
