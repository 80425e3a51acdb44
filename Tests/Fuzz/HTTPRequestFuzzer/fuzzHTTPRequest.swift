import HTTPServer
import HTTPTypes

/// libFuzzer's per-input callback: the first byte picks the piece size, the rest is fed to one parser
/// piece by piece, as a connection would, until it fails or runs out of bytes.
func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 1 else { return 0 }
    let step = Int(data[0] % 64) + 1
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let parser = HTTPRequestParser(limits: .init(maxHeadBytes: 4096, maxHeaderCount: 20, maxBodyBytes: 8192))
    var offset = 0
    var end = min(bytes.count, step)
    while offset < bytes.count {
        let (consumed, event) = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
        precondition(consumed <= end - offset, "parser consumed more than it was given")
        offset += consumed
        switch event {
        case .failure(let error):
            precondition([400, 413, 431, 505].contains(error.status.code), "unexpected status \(error.status)")
            return 0
        case .request(let parsed):
            precondition(parsed.request.body.count <= 8192, "body over the limit")
        case .expectsContinue, .needMoreData:
            break
        }
        if offset == end || consumed == 0 { end = min(bytes.count, max(end, offset) + step) }
    }
    return 0
}

/// The same callback under libFuzzer's conventional name, which its archived `main` references at link time.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzHTTPRequest(data, size)
}
