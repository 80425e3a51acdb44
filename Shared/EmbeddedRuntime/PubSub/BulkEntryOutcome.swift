import HTTPTypes
import JSON

/// What one entry of a bulk delivery amounted to, per daprd's `DeliverBulk` (§2.6 of the reference).
enum BulkEntryOutcome: Sendable, Equatable {
    /// `SUCCESS`: acknowledged.
    case success
    /// `RETRY`, `""`, an unknown status, no status for the entry, a non-JSON 2xx, a 5xx (or another non-2xx, non-4xx),
    /// a timeout or a transport error: delivered again after a backoff.
    case retry(String)
    /// `DROP`: acknowledged, and sent to the dead-letter topic if the subscription has one.
    case drop(String)
    /// A 4xx (404 included) for the whole bulk: the app could not read the bulk at all, which says nothing about any
    /// one entry. The entries are delivered again one by one, each on its own (where daprd retries the whole bulk
    /// for a 4xx and drops it whole, without the dead-letter topic, for a 404).
    case unreadable(String)

    /// Classifies the app's answer for entries `entryIDs` (in the order they were sent).
    static func classify(_ response: HTTPResponse, entryIDs: [String]) -> [BulkEntryOutcome] {
        func all(_ outcome: BulkEntryOutcome) -> [BulkEntryOutcome] { Array(repeating: outcome, count: entryIDs.count) }
        let code = response.status.code
        if (400..<500).contains(code) { return all(.unreadable("app answered \(code) to a bulk delivery")) }
        guard (200..<300).contains(code) else { return all(.retry("app answered \(code)")) }
        guard let statuses = statuses(response.body) else { return all(.retry("the bulk answer is not valid JSON")) }
        return entryIDs.map { id in
            switch statuses[id] {
            case "SUCCESS"?: .success
            case "DROP"?: .drop("app answered DROP")
            case "RETRY"?: .retry("app answered RETRY")
            case nil: .retry("no status for the entry")
            case let status?: .retry("unknown status \"\(status)\"")
            }
        }
    }

    /// `entryId → status` from `{"statuses":[{"entryId","status"}]}`; nil where Go's decoder would fail (not JSON,
    /// or a member of the wrong type). A later status for the same entry wins.
    private static func statuses(_ body: [UInt8]) -> [String: String]? {
        guard let json = try? JSONValue.parse(body, lenient: true) else { return nil }
        guard case .object(let members) = json else { return json == .null ? [:] : nil }
        var result: [String: String] = [:]
        switch members["statuses"] {
        case nil, .null?: return result
        case .array(let items)?:
            for item in items {
                if item == .null { continue }
                guard case .object(let fields) = item else { return nil }
                var id = ""
                var status = ""
                switch fields["entryId"] {
                case nil, .null?: break
                case .string(let text)?: id = text
                default: return nil
                }
                switch fields["status"] {
                case nil, .null?: break
                case .string(let text)?: status = text
                default: return nil
                }
                result[id] = status
            }
            return result
        default: return nil
        }
    }
}
