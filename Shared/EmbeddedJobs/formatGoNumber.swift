/// Formats a double as Go's `encoding/json` and protojson do: shortest round-trip digits, plain decimal notation
/// for 1e-6 ≤ |x| < 1e21 (`123`, `0.5`, `10000000000000000000`), else exponent form (`1e+21`, `1e-7`).
func formatGoNumber(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
    if value == 0 { return value.sign == .minus ? "-0" : "0" }
    if value == value.rounded(), abs(value) < 9e18 { return String(Int64(value)) }
    // Swift's description has the shortest round-trip digits; split it into digits and a decimal exponent.
    var text = Substring(abs(value).description)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(text[text.index(after: e)...]) ?? 0
        text = text[..<e]
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let whole = parts.first.map(String.init) ?? ""
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    var digits = whole + fraction
    // value = 0.digits × 10^point
    var point = whole.count + exponent
    while digits.hasPrefix("0"), digits.count > 1 {
        digits.removeFirst()
        point -= 1
    }
    while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
    let sign = value < 0 ? "-" : ""
    let magnitude = abs(value)
    if magnitude < 1e-6 || magnitude >= 1e21 {
        let decimalExponent = point - 1
        let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : digits
        let exponentDigits = String(abs(decimalExponent))
        let padded = decimalExponent < 0 ? exponentDigits : (exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits)
        return "\(sign)\(mantissa)e\(decimalExponent < 0 ? "-" : "+")\(padded)"
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
    if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
    let split = digits.index(digits.startIndex, offsetBy: point)
    return sign + digits[..<split] + "." + digits[split...]
}
