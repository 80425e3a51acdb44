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
    fileprivate func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = bytes[...]
        while let last = line.last, last == 0x0A || last == 0x0D { line = line.dropLast() }
        guard !line.isEmpty else { return }
        if line.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()
            body.removeAll(keepingCapacity: true)
            // "HTTP/1.1 200 OK": the reason phrase is everything after the second space, maybe empty.
            let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
            reasonPhrase = parts.count == 3 && !parts[2].isEmpty ? String(decoding: parts[2], as: UTF8.self) : nil
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
        headers.add(name: name, value: value)
        if name.equalsIgnoringASCIICase("content-length"), let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, maxBodySize))
        }
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var bytes = bytes
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        return bytes
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
