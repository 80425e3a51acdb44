/// Go's `fmt` `%v` of a float64: the shortest digits, in `%e` form when the decimal exponent is below -4 or at
/// least 6, as daprd's local file secret store prints numeric leaves: `5432`, `1.5`, `1e+06`, `1e-05`.
func goFloatString(_ number: Double) -> String {
    guard number.isFinite else { return number.isNaN ? "NaN" : number > 0 ? "+Inf" : "-Inf" }
    if number == 0 { return number.sign == .minus ? "-0" : "0" }
    let text = "\(abs(number))"  // Swift prints the shortest round-tripping digits too.
    let parts = text.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0]
    let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    let point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
    var digits = Array(mantissa.filter { $0 != "." })
    var decimalPoint = point + exponent
    while digits.first == "0" {
        digits.removeFirst()
        decimalPoint -= 1
    }
    while digits.last == "0" { digits.removeLast() }
    let sign = number < 0 ? "-" : ""
    let exp = decimalPoint - 1
    if exp < -4 || exp >= 6 {
        let head = String(digits[0]) + (digits.count > 1 ? "." + String(digits[1...]) : "")
        let magnitude = abs(exp) < 10 ? "0\(abs(exp))" : "\(abs(exp))"
        return "\(sign)\(head)e\(exp < 0 ? "-" : "+")\(magnitude)"
    }
    if decimalPoint <= 0 { return sign + "0." + String(repeating: "0", count: -decimalPoint) + String(digits) }
    if decimalPoint >= digits.count { return sign + String(digits) + String(repeating: "0", count: decimalPoint - digits.count) }
    return sign + String(digits[..<decimalPoint]) + "." + String(digits[decimalPoint...])
}
