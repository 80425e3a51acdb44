internal import CCurl
import HTTPTypes

/// Owns a `curl_slist` of request header lines, always ending with an empty `Expect:` (no 100-continue wait).
///
/// The nodes and the lines live in one allocation built here (libcurl only reads a `CURLOPT_HTTPHEADER` list),
/// instead of two `malloc`s per line from `curl_slist_append`.
///
/// `@unchecked Sendable`: the memory is never written after `init` (libcurl only reads it), so the caller's thread
/// can build the list and the loop thread use it.
final class CurlHeaderList: @unchecked Sendable {
    /// The list head, for `CURLOPT_HTTPHEADER`; valid while this object lives.
    let pointer: UnsafeMutableRawPointer

    /// Builds `Name: value` lines; an empty value is sent as `Name;`, which is libcurl's spelling for it.
    /// - Throws: `HTTPClientError` with code `invalidRequest` for a name or value that would break the head.
    init(_ headers: HTTPHeaders) throws(HTTPClientError) {
        var textBytes = Self.expect.count + 1
        for field in headers {
            guard Self.isValidName(field.name), Self.isValidValue(field.value) else {
                throw HTTPClientError(code: .invalidRequest, message: "invalid header field \"\(field.name)\"")
            }
            // "Name: value\0" or "Name;\0"
            textBytes += field.name.utf8.count + (field.value.isEmpty ? 2 : 3 + field.value.utf8.count)
        }
        let nodeCount = headers.count + 1
        let nodesBytes = nodeCount * MemoryLayout<curl_slist>.stride
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: nodesBytes + textBytes, alignment: MemoryLayout<curl_slist>.alignment)
        let nodes = block.bindMemory(to: curl_slist.self, capacity: nodeCount)
        var text = (block + nodesBytes).bindMemory(to: CChar.self, capacity: textBytes)
        var index = 0
        for field in headers {
            let line = text
            text = Self.append(field.name, at: text)
            if field.value.isEmpty {
                text = Self.append(";", at: text)
            } else {
                text = Self.append(": ", at: text)
                text = Self.append(field.value, at: text)
            }
            text.pointee = 0
            text += 1
            (nodes + index).initialize(to: curl_slist(data: line, next: nodes + index + 1))
            index += 1
        }
        let line = text
        text = Self.append(Self.expect, at: text)
        text.pointee = 0
        (nodes + index).initialize(to: curl_slist(data: line, next: nil))
        pointer = block
    }

    deinit { pointer.deallocate() }

    private static let expect = "Expect:"

    /// Copies `string`'s UTF-8 bytes to `destination`; returns the position after them.
    private static func append(_ string: String, at destination: UnsafeMutablePointer<CChar>)
        -> UnsafeMutablePointer<CChar>
    {
        var string = string
        return string.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return destination }
            UnsafeMutableRawPointer(destination).copyMemory(from: base, byteCount: bytes.count)
            return destination + bytes.count
        }
    }

    /// A token (RFC 9110 `tchar`s): letters, digits and ``!#$%&'*+-.^_`|~``.
    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    return true
                case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
                    UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                    UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                    return true
                default:
                    return false
                }
            }
    }

    /// Anything but CR, LF and NUL (which would split or cut the header).
    private static func isValidValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}
