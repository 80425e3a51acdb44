import JSON

/// What happens when a trigger fails (the app answers neither 2xx nor 404, or cannot be reached): Dapr's
/// `failure_policy`, `{"drop":{}}` or `{"constant":{"interval":"1s","maxRetries":3}}`.
package struct JobFailurePolicy: Sendable, Hashable {
    /// Retries after the first attempt; nil retries forever; 0 for `drop`.
    package var maxRetries: Int?
    /// Time between attempts in nanoseconds; nil for `drop`.
    package var intervalNanoseconds: Int64?

    /// The Scheduler's default when none is given (1.15+): constant, 1 s apart, 3 retries.
    package static let `default` = JobFailurePolicy(maxRetries: 3, intervalNanoseconds: 1_000_000_000)
    /// `{"drop":{}}`: one attempt.
    package static let drop = JobFailurePolicy(maxRetries: 0, intervalNanoseconds: nil)

    /// Creates a policy.
    package init(maxRetries: Int?, intervalNanoseconds: Int64?) {
        self.maxRetries = maxRetries
        self.intervalNanoseconds = intervalNanoseconds
    }

    /// Parses the protojson of `common.v1.JobFailurePolicy`; nil (or JSON null) is the default policy.
    /// - Throws: `JobsError` 400 `ERR_MALFORMED_REQUEST` for wrong types or a Duration not ending in `s`.
    init(json: JSONValue?) throws(JobsError) {
        guard let json, json != .null else {
            self = .default
            return
        }
        guard case .object = json else { throw .malformed("failurePolicy: expected an object") }
        if let drop = json["drop"], drop != .null {
            guard case .object = drop else { throw .malformed("failurePolicy.drop: expected an object") }
            self = .drop
            return
        }
        guard let constant = json["constant"], constant != .null else {
            self = .default
            return
        }
        guard case .object = constant else { throw .malformed("failurePolicy.constant: expected an object") }
        var interval: Int64 = 0
        if let text = constant["interval"], text != .null {
            guard case .string(let value) = text, let nanos = JobFailurePolicy.parseProtoDuration(value) else {
                throw .malformed("failurePolicy.constant.interval: invalid google.protobuf.Duration value \(text.encoded)")
            }
            interval = nanos
        }
        let retries = try JobDefinition.uint32(constant["maxRetries"] ?? constant["max_retries"], field: "maxRetries")
        self.init(maxRetries: retries, intervalNanoseconds: interval)
    }

    /// The protojson rendering, as GET shows it.
    var encoded: String {
        guard let intervalNanoseconds else { return "{\"drop\":{}}" }
        var out = "{\"constant\":{\"interval\":\"\(JobFailurePolicy.formatProtoDuration(intervalNanoseconds))\""
        if let maxRetries { out += ",\"maxRetries\":\(maxRetries)" }
        return out + "}}"
    }

    /// protojson's Duration: `-?seconds(.fraction of 1–9 digits)?s`.
    static func parseProtoDuration(_ text: String) -> Int64? {
        var bytes = Substring(text).utf8[...]
        guard bytes.last == UInt8(ascii: "s") else { return nil }
        bytes = bytes.dropLast()
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy(isDigit) else { return nil }
        var nanos = Int64(String(decoding: whole, as: UTF8.self)) ?? 0
        nanos *= 1_000_000_000
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy(isDigit) else { return nil }
            let digits = String(decoding: fraction, as: UTF8.self) + String(repeating: "0", count: 9 - fraction.count)
            nanos += Int64(digits) ?? 0
        }
        return negative ? -nanos : nanos
    }

    /// protojson's Duration output: `1s`, `0.200s`, `1.000001s`.
    static func formatProtoDuration(_ nanos: Int64) -> String {
        let sign = nanos < 0 ? "-" : ""
        let magnitude = nanos.magnitude
        let seconds = magnitude / 1_000_000_000
        let fraction = magnitude % 1_000_000_000
        guard fraction != 0 else { return "\(sign)\(seconds)s" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 9 - digits.count) + digits
        while digits.count > 3, digits.hasSuffix("000") { digits.removeLast(3) }
        return "\(sign)\(seconds).\(digits)s"
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
