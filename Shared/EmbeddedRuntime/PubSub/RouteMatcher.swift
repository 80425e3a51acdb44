import FoundationEssentials
package import JSON

/// Evaluates a subscription rule's `match`: a small subset of daprd's CEL.
///
/// Supported: comparisons `event.<path> == "literal"` / `!=` (string, number, `true`/`false` literals, single or
/// double quotes) joined by `&&` or `||` (left to right, `&&` binding tighter). Anything else never matches, which
/// is how daprd treats an expression that fails at evaluation (the event falls through to the next rule).
package enum RouteMatcher {
    /// Whether `expression` holds for `event`.
    package static func matches(_ expression: String, event: JSONValue) -> Bool {
        expression.components(separatedBy: "||").contains { alternative in
            alternative.components(separatedBy: "&&").allSatisfy { comparison($0, event: event) }
        }
    }

    private static func comparison(_ text: String, event: JSONValue) -> Bool {
        let negated: Bool
        let parts: [String]
        if text.contains("!=") {
            negated = true
            parts = text.components(separatedBy: "!=")
        } else {
            negated = false
            parts = text.components(separatedBy: "==")
        }
        guard parts.count == 2 else { return false }
        let lhs = parts[0].trimmingSpaces
        let rhs = parts[1].trimmingSpaces
        guard lhs.hasPrefix("event."), let expected = literal(rhs) else { return false }
        var value: JSONValue? = event
        for segment in lhs.dropFirst("event.".count).split(separator: ".") { value = value?[String(segment)] }
        guard let value else { return false }
        let equal = value == expected || (number(value) != nil && number(value) == number(expected))
        return negated ? !equal : equal
    }

    private static func literal(_ text: String) -> JSONValue? {
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return .string(String(text.dropFirst().dropLast()))
        }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if Double(text) != nil { return .number(text) }
        return nil
    }

    private static func number(_ value: JSONValue) -> Double? {
        if case .number(let literal) = value { return Double(literal) }
        return nil
    }
}
