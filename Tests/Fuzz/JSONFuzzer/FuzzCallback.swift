import CloudEvents

/// One libFuzzer input, parsed as one JSON document by the JSON layer (JSONLayer.swift names it). Beyond
/// "no crash", a document that parses:
/// - renders to text that parses back to the same value, and renders again to the same bytes (parse → render →
///   parse is idempotent, numbers keep their literal text);
/// - renders to valid UTF-8 no longer than the input allows (at most 6 bytes per input byte: `\u00XX`);
/// - is readable by the subscribers: as an event's `data`, CloudEvents' own scanner takes it, byte for byte.
let fuzzJSON: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    guard let data else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? parseJSON(input) else { return 0 }
    let rendered = renderJSON(value)
    guard let again = try? parseJSON(rendered) else {
        preconditionFailure("rendered JSON does not parse: \(String(decoding: rendered, as: UTF8.self))")
    }
    precondition(sameJSON(again, value), "parse → render → parse changed the value")
    precondition(renderJSON(again) == rendered, "render is not idempotent: \(rendered) then \(renderJSON(again))")
    precondition(String(validating: rendered, as: UTF8.self) != nil, "rendered JSON is not UTF-8")
    precondition(rendered.count <= 6 * size, "rendered JSON grew more than escaping explains")
    let envelope = Array(#"{"specversion":"1.0","id":"1","source":"/fuzz","type":"fuzz","data":"#.utf8) + rendered + [0x7D]
    guard let event = try? CloudEvent(jsonBytes: envelope) else {
        preconditionFailure("CloudEvents cannot read rendered JSON: \(String(decoding: rendered, as: UTF8.self))")
    }
    precondition(event.data?.bytes == rendered, "CloudEvents read rendered JSON differently")
    return 0
}

/// libFuzzer's own `main` (linked in, though SwiftPM's runs) references this symbol, so it must exist.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzJSON(data, size) }
