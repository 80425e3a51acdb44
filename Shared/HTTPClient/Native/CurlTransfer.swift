internal import CCurl
import HTTPTypes

/// One transfer on the multi loop: the request, the easy handle running it, what libcurl reads from (header list,
/// body) and the response being received. libcurl's callbacks reach it through `Unmanaged`.
///
/// It owns everything libcurl points at (the header list through its request), so the loop keeps it alive until
/// the easy handle leaves the multi handle.
final class CurlTransfer {
    /// The request being answered.
    let request: PendingRequest
    /// The easy handle running the transfer; back to the idle list once the transfer ends.
    let easy: CurlEasyHandle
    /// A copy of the request body for `CURLOPT_POSTFIELDS` (libcurl reads it in place while sending), or empty.
    let requestBody: UnsafeMutableRawBufferPointer
    private let maxBodySize: Int
    private var headers = HTTPHeaders()
    private var reasonPhrase: String?
    private var body: [UInt8] = []
    /// Set when the write callback refused bytes because the body grew past `maxBodySize`.
    private(set) var bodyTooLarge = false

    /// Copies the body.
    init(request: PendingRequest, easy: CurlEasyHandle) {
        let parameters = request.parameters
        self.request = request
        self.easy = easy
        maxBodySize = parameters.maxResponseBodySize
        if parameters.body.isEmpty {
            requestBody = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        } else {
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: parameters.body.count, alignment: 1)
            parameters.body.withUnsafeBytes { copy.copyMemory(from: $0) }
            requestBody = copy
        }
    }

    deinit { requestBody.deallocate() }

    /// The collected response with the status libcurl reported.
    func response(statusCode: Int) -> HTTPResponse {
        HTTPResponse(status: HTTPStatus(code: statusCode, reasonPhrase: reasonPhrase), headers: headers, body: body)
    }

    /// Appends body bytes; returns how many were taken (fewer aborts the transfer with `CURLE_WRITE_ERROR`).
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= maxBodySize else {
            bodyTooLarge = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Takes one header line (with its CRLF); a status line starts a new header block (after 1xx responses).
    ///
    /// Read over a typed buffer with integer offsets: every response of every client passes here several times,
    /// and the generic slice operations it used (`starts(with:)`, `split`, `String(decoding:)` of a raw slice)
    /// looked their metadata up at run time on each call.
    fileprivate func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress else { return }
        let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        guard end > 0 else { return }
        if end >= 5, bytes[0] == UInt8(ascii: "H"), bytes[1] == UInt8(ascii: "T"), bytes[2] == UInt8(ascii: "T"),
            bytes[3] == UInt8(ascii: "P"), bytes[4] == UInt8(ascii: "/")
        {
            headers = HTTPHeaders()
            body.removeAll(keepingCapacity: true)
            // "HTTP/1.1 200 OK": the reason phrase is everything after the second space, maybe empty.
            reasonPhrase = nil
            if let first = Self.index(of: 0x20, in: bytes, from: 0, to: end),
                let second = Self.index(of: 0x20, in: bytes, from: first + 1, to: end), second + 1 < end
            {
                reasonPhrase = Self.text(bytes, second + 1, end)
            }
            return
        }
        guard let colon = Self.index(of: UInt8(ascii: ":"), in: bytes, from: 0, to: end) else { return }
        var valueStart = colon + 1
        var valueEnd = end
        while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let name = Self.text(bytes, 0, colon)
        let value = Self.text(bytes, valueStart, valueEnd)
        headers.add(name: name, value: value)
        if name.equalsIgnoringASCIICase("content-length"), let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, maxBodySize))
        }
    }

    /// The first offset of `byte` in `bytes[start..<end]`, or nil.
    private static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int)
        -> Int?
    {
        var index = start
        while index < end {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// `bytes[start..<end]` decoded as UTF-8 (invalid sequences repaired).
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}

@available(*, unavailable) extension CurlTransfer: Sendable {}

/// `CURLOPT_WRITEFUNCTION`: hands body bytes to the `CurlTransfer` in the user data.
let curlWriteCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, context in
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

/// `CURLOPT_HEADERFUNCTION`: hands one header line to the `CurlTransfer` in the user data.
let curlHeaderCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, context in
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}
