import CloudEvents

/// One libFuzzer input: decode it as a structured event and as a batch; whatever decodes must re-encode and
/// decode to the same event, in the JSON format and in binary mode.
let fuzzCloudEventJSON: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let event = try? CloudEvent(jsonBytes: bytes) {
        checkRoundTrips(event)
    }
    if let events = try? CloudEvent.decodeBatch(bytes, maxEvents: 64) {
        precondition((try? CloudEvent.decodeBatch(CloudEvent.batchJSONBytes(events))) == events, "batch round trip")
    }
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

/// libFuzzer's own `main` (linked in, though SwiftPM's runs) references this symbol, so it must exist.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzCloudEventJSON(data, size) }
