package import HTTPTypes
import Synchronization

/// Where a request's id comes from: `ce-id`, else the trace id of `traceparent`, else `x-request-id`, else generated.
package struct RequestIdentity: Sendable, Equatable {
    /// The id stamped on logs and echoed in `X-Request-Id`.
    package var id: String
    /// The `traceparent` header, if well formed.
    package var traceparent: String?
    /// The `ce-id` header, if usable.
    package var cloudEventID: String?

    /// Creates an identity.
    package init(id: String, traceparent: String? = nil, cloudEventID: String? = nil) {
        self.id = id
        self.traceparent = traceparent
        self.cloudEventID = cloudEventID
    }

    /// Derives the identity from the headers in one pass; values that are malformed, too long or contain
    /// characters unfit for a header are ignored.
    /// - Parameters:
    ///   - headers: the request headers.
    ///   - generator: makes an id when no header provides one.
    /// - Returns: the identity.
    package static func derive(from headers: HTTPHeaders, generator: RequestIDGenerator) -> RequestIdentity {
        var cloudEventID: String?
        var traceparent: String?
        var requestID: String?
        for field in headers {
            let name = field.name
            if cloudEventID == nil, name.equalsIgnoringASCIICase("ce-id"), isToken(field.value) {
                cloudEventID = field.value
            } else if traceparent == nil, name.equalsIgnoringASCIICase("traceparent"), traceID(field.value) != nil {
                traceparent = field.value
            } else if requestID == nil, name.equalsIgnoringASCIICase("x-request-id"), isToken(field.value) {
                requestID = field.value
            }
        }
        let id = cloudEventID ?? traceparent.flatMap(traceID) ?? requestID ?? generator.next()
        return RequestIdentity(id: id, traceparent: traceparent, cloudEventID: cloudEventID)
    }

    /// The 32-hex-digit trace id of a W3C `traceparent` (`00-<trace-id>-<parent-id>-<flags>`), or nil when malformed
    /// or all zeros.
    package static func traceID(_ traceparent: String) -> String? {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].utf8.count == 2, parts[1].utf8.count == 32, parts[2].utf8.count == 16,
            parts[1].utf8.allSatisfy(isLowerHex), parts[2].utf8.allSatisfy(isLowerHex),
            parts[1].utf8.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        return String(parts[1])
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    /// 1–128 visible ASCII characters: safe to echo in a header and to log.
    private static func isToken(_ value: String) -> Bool {
        let bytes = value.utf8
        return (1...128).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

/// Makes unique request ids cheaply: a random 64-bit prefix drawn once per process plus an atomic counter,
/// as 32 lowercase hex digits (the shape of a trace id).
package final class RequestIDGenerator: Sendable {
    private let prefix: UInt64
    private let counter = Atomic<UInt64>(0)

    /// Creates a generator; `prefix` defaults to a random value (tests pass a fixed one).
    package init(prefix: UInt64 = UInt64.random(in: 1...UInt64.max)) { self.prefix = prefix }

    /// The next id.
    package func next() -> String {
        let count = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return String(unsafeUninitializedCapacity: 32) { buffer in
            RequestIDGenerator.writeHex(prefix, into: buffer, at: 0)
            RequestIDGenerator.writeHex(count, into: buffer, at: 16)
            return 32
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        for index in 0..<16 {
            buffer[offset + index] = digits[Int((value >> UInt64(60 - 4 * index)) & 0xF)]
        }
    }
}
