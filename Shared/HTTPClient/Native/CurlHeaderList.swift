internal import CCurl
import HTTPTypes

/// Owns a `curl_slist` of request header lines, always ending with an empty `Expect:` (no 100-continue wait).
final class CurlHeaderList {
    /// The list head, for `CURLOPT_HTTPHEADER`; valid while this object lives.
    let pointer: UnsafeMutableRawPointer

    /// Builds `Name: value` lines; an empty value is sent as `Name;`, which is libcurl's spelling for it.
    /// The corresponding C function is `curl_slist_append`.
    /// - Throws: `HTTPClientError` with code `invalidRequest` for a name or value that would break the head.
    init(_ headers: HTTPHeaders) throws(HTTPClientError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for field in headers {
            guard Self.isValidName(field.name), Self.isValidValue(field.value) else {
                curl_slist_free_all(list)
                throw HTTPClientError(code: .invalidRequest, message: "invalid header field \"\(field.name)\"")
            }
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw HTTPClientError(code: .transport, message: "curl_slist_append failed")
            }
            list = appended
        }
        guard let appended = curl_slist_append(list, "Expect:") else {
            curl_slist_free_all(list)
            throw HTTPClientError(code: .transport, message: "curl_slist_append failed")
        }
        pointer = UnsafeMutableRawPointer(appended)
    }

    deinit { curl_slist_free_all(pointer.assumingMemoryBound(to: curl_slist.self)) }

    /// A token (RFC 9110 `tchar`s): no separators, spaces, controls or colons.
    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && !"\"(),/:;<=>?@[\\]{}".utf8.contains(byte)
            }
    }

    /// Anything but CR, LF and NUL (which would split or cut the header).
    private static func isValidValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}

@available(*, unavailable) extension CurlHeaderList: Sendable {}
