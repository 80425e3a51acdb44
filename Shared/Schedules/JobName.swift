/// Dapr's rules for a job name: daprd's own check (not empty, no `|`) and the Scheduler's (after removing `_ : - `
/// and spaces and lower-casing, a DNS-1123 subdomain of at most 253 characters).
package enum JobName {
    /// Validates a job name taken from the URL.
    /// - Throws: `ScheduleError` `.jobNameEmpty` (400) or `.scheduleJob` (500) with the Scheduler's reason.
    package static func validate(_ name: String) throws(ScheduleError) {
        guard !name.isEmpty, !name.contains("|") else { throw ScheduleError(.jobNameEmpty, "Name is empty") }
        let sanitized = String(name.filter { !"_:- ".contains($0) }).lowercased()
        var problems: [String] = []
        if sanitized.utf8.count > 253 { problems.append("must be no more than 253 characters") }
        if !isSubdomain(sanitized) {
            problems.append(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
                    + "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
        }
        guard problems.isEmpty else {
            throw ScheduleError(.scheduleJob, "job name is invalid \(goQuote(sanitized)): \(problems.joined(separator: ", "))")
        }
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`
    private static func isSubdomain(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        for label in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard let first = label.first, let last = label.last, alnum(first), alnum(last),
                label.allSatisfy({ alnum($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return true
    }
}
