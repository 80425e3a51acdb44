/// `live:<user>:presence`: `{"replicas":{"<replica-base-url>":<expiresAtUnixMs>}}`, kept by each gateway replica
/// holding a connection of the user (heartbeat, TTL 30 s); ws-fanout pushes to every replica not yet expired.
package struct LivePresence: Sendable, Equatable {
    /// Replica base URL → expiry in Unix milliseconds.
    package var replicas: [String: Int64]

    /// Creates a presence record.
    package init(replicas: [String: Int64] = [:]) { self.replicas = replicas }

    /// Reads a stored record.
    package init(json bytes: [UInt8]) throws(LiveFormatError) {
        var replicas: [String: Int64] = [:]
        for (key, value) in try RawJSON.members(bytes) where key == "replicas" {
            for (url, expiry) in try RawJSON.members(bytes, in: value) {
                guard let expiresAt = RawJSON.integer(bytes, expiry) else {
                    throw LiveFormatError("a replica's expiry must be an integer")
                }
                replicas[url] = expiresAt
            }
        }
        self.init(replicas: replicas)
    }

    /// The stored form, replicas sorted by URL.
    package var json: [UInt8] {
        var bytes = Array("{\"replicas\":{".utf8)
        for (index, url) in replicas.keys.sorted().enumerated() {
            if index > 0 { bytes.append(0x2C) }
            bytes += LiveFrames.quoted(url) + [0x3A] + Array(String(replicas[url] ?? 0).utf8)
        }
        bytes += Array("}}".utf8)
        return bytes
    }

    /// The replicas whose entry has not expired at `nowMilliseconds`.
    package func live(at nowMilliseconds: Int64) -> [String] {
        replicas.filter { $0.value > nowMilliseconds }.map(\.key).sorted()
    }
}
