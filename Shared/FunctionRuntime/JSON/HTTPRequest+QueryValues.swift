package import FoundationEssentials
package import HTTPTypes
import JSON

extension HTTPRequest {
    /// Query parameter `name` as an ISO 8601 instant (`2026-01-31T09:00:00Z`, fractions allowed), or nil when absent.
    /// - Throws: `HTTPError` 400 naming the parameter when it is not such a time.
    package func queryDate(_ name: String) throws -> Date? {
        guard let text = queryValue(name) else { return nil }
        guard let date = JSONCoding.parseDate(text) else {
            throw HTTPError(.badRequest, message: "\(name) must be an ISO 8601 time such as 2026-01-31T09:00:00Z")
        }
        return date
    }

    /// Query parameter `name` as a whole number in `range`, or nil when absent.
    /// - Throws: `HTTPError` 400 naming the parameter and the range when it is not.
    package func queryInteger(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = queryValue(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError(
                .badRequest, message: "\(name) must be a whole number \(range.lowerBound)-\(range.upperBound)")
        }
        return value
    }
}
