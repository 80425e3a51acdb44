package import HTTPTypes

/// An incremental HTTP/1.x request parser over libhttp-parser, usable without sockets (the fuzzer feeds it).
///
/// It stops after each complete request so that responses keep their order:
/// ```swift
/// var parser = HTTPRequestParser(limits: .init())
/// var bytes = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)[...]
/// while !bytes.isEmpty {
///     let (consumed, event) = parser.parse(bytes)
///     bytes = bytes.dropFirst(consumed)
///     if case .request(let parsed) = event { print(parsed.request.target) }
/// }
/// ```
package struct HTTPRequestParser: ~Copyable {
    /// The limits a request must respect.
    package struct Limits: Sendable {
        /// Request line plus headers.
        package var maxHeadBytes: Int
        /// Header fields per request.
        package var maxHeaderCount: Int
        /// Body bytes.
        package var maxBodyBytes: Int

        /// Creates limits; the defaults match `HTTPServerConfiguration`.
        package init(maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 4 * 1024 * 1024) {
            self.maxHeadBytes = maxHeadBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// One complete request and how the connection continues after it.
    package struct ParsedRequest: Sendable {
        /// The request with its whole body.
        package var request: HTTPRequest
        /// Whether the connection stays open after the response (HTTP/1.0 and `Connection` rules applied).
        package var keepAlive: Bool
        /// Whether the client asked to switch protocols (`Upgrade` + `Connection: upgrade`); the bytes after
        /// the head then belong to the new protocol.
        package var isUpgrade: Bool
    }

    /// What one call to `parse` produced.
    package enum Event: Sendable {
        /// Every byte was consumed and the request is not complete yet.
        case needMoreData
        /// The head asked `Expect: 100-continue` and its body fits: send `100 Continue`, then parse on.
        case expectsContinue
        /// A complete request; bytes after it are left for the next call.
        case request(ParsedRequest)
        /// The input is not acceptable; the connection should answer `error.status` and close.
        case failure(HTTPParseError)
    }

    private let core: HTTPParserCore

    /// Creates a parser for one connection.
    package init(limits: Limits) {
        core = HTTPParserCore(limits: limits)
    }

    /// Whether bytes of a request have been seen and the request is not complete.
    package var isMidRequest: Bool { core.begun }
    /// Whether the current request's head is complete and its body is being read.
    package var isReadingBody: Bool { core.begun && core.headComplete }

    /// Parses `bytes` up to the end of the next request (or of a `100-continue` head).
    /// - Returns: how many bytes were consumed, and the event.
    package func parse(_ bytes: UnsafeRawBufferPointer) -> (consumed: Int, event: Event) {
        if let failure = core.failure { return (0, .failure(failure)) }
        guard !bytes.isEmpty else { return (0, .needMoreData) }
        let (consumed, code) = core.execute(bytes)
        if let failure = core.failure { return (consumed, .failure(failure)) }
        if code == HTTPParserCore.pausedErrno {
            if core.complete { return (consumed, .request(core.takeRequest())) }
            if core.pausedForContinue {
                core.pausedForContinue = false
                return (consumed, .expectsContinue)
            }
            return (consumed, .needMoreData)
        }
        if code != HTTPParserCore.okErrno {
            let failure = core.failure(forErrno: code)
            core.failure = failure
            return (consumed, .failure(failure))
        }
        if core.complete { return (consumed, .request(core.takeRequest())) }
        return (consumed, .needMoreData)
    }

    /// Parses from an array slice; see `parse(_:)` over raw bytes.
    package func parse(_ bytes: ArraySlice<UInt8>) -> (consumed: Int, event: Event) {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// Forgets any partial request and any failure (used after a declined upgrade).
    package func reset() { core.reset() }
}
